import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../contracts/search-attributes';
import type { Logger } from '../../platform/logger';
import type { PostgresSetup } from './postgres';

const run = promisify(execFile);

/** Databases: Temporal's two, and the partner store every I/O worker shares. */
export const TEMPORAL_DATABASES = [
  { database: 'temporal', schema: 'postgresql/v12/temporal' },
  { database: 'temporal_visibility', schema: 'postgresql/v12/visibility' },
] as const;
export const PARTNER_STORE_DATABASE = 'orderops';

/**
 * Creates the databases and brings Temporal's schemas up to the server's version with its own
 * SQL tool. Every step is idempotent, so this runs on every start (under a second): a server
 * upgrade then only needs a new pinned version. The password goes by environment, not argv.
 */
export async function setupSchemas(options: { sqlTool: string; postgres: PostgresSetup; log: Logger }): Promise<void> {
  const { sqlTool, postgres, log } = options;
  const env = { ...process.env, SQL_PASSWORD: postgres.password };
  const base = [
    '--plugin',
    'postgres12',
    '--ep',
    '127.0.0.1',
    '-p',
    String(postgres.port),
    '-u',
    postgres.user,
    '--quiet',
  ];
  const sql = async (database: string, args: string[]): Promise<void> => {
    try {
      await run(sqlTool, [...base, '--db', database, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(
        `temporal sql tool ${args[0]} on ${database} failed: ${stderr.trim().split('\n').slice(-5).join('\n') || String(error)}`,
      );
    }
  };
  for (const { database, schema } of TEMPORAL_DATABASES) {
    await sql(database, ['create-database']);
    await sql(database, ['setup-schema', '-v', '0.0']);
    await sql(database, ['update-schema', '--schema-name', schema]);
  }
  await sql(PARTNER_STORE_DATABASE, ['create-database']);
  log.info({ databases: [...TEMPORAL_DATABASES.map((d) => d.database), PARTNER_STORE_DATABASE] }, 'schemas up to date');
}

export interface TemporalCliTarget {
  cli: string;
  address: string;
  namespace: string;
}

/**
 * The namespace and every search attribute the product defines, with the Temporal CLI; both
 * idempotent. A namespace takes a moment to be visible to the other services, so each step is
 * retried until it holds or `timeoutMs` passes.
 */
export async function registerNamespace(
  target: TemporalCliTarget,
  options: { log: Logger; timeoutMs: number },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const cli = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
    run(target.cli, [...args, '--address', target.address], { env: cliEnv(), maxBuffer: 16 * 1024 * 1024 });

  await retryUntil(deadline, 'namespace create', async () => {
    try {
      await cli(['operator', 'namespace', 'describe', '-n', target.namespace]);
      return;
    } catch {
      // Not there yet: create it below.
    }
    await cli(['operator', 'namespace', 'create', '-n', target.namespace, '--retention', '72h']).catch(
      (error: unknown) => {
        if (!/already exists|AlreadyExists/i.test(errorText(error))) throw error;
      },
    );
  });

  const wanted = Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS);
  await retryUntil(deadline, 'search attributes', async () => {
    const registered = async (): Promise<string> =>
      (await cli(['operator', 'search-attribute', 'list', '--namespace', target.namespace, '-o', 'json'])).stdout;
    const missingFrom = (listed: string): [string, string][] =>
      wanted.filter(([name]) => !listed.includes(`"${name}"`));
    const missing = missingFrom(await registered());
    if (missing.length === 0) return;
    const args = ['operator', 'search-attribute', 'create', '--namespace', target.namespace];
    for (const [name, type] of missing) args.push('--name', name, '--type', type);
    await cli(args).catch((error: unknown) => {
      if (!/already exists|AlreadyExists/i.test(errorText(error))) throw error;
    });
    const still = missingFrom(await registered());
    if (still.length > 0)
      throw new Error(`search attributes not registered yet: ${still.map(([name]) => name).join(', ')}`);
  });
  options.log.info(
    { namespace: target.namespace, searchAttributes: wanted.map(([name]) => name) },
    'namespace and search attributes registered',
  );
}

/**
 * Ready means a request went through frontend to history and back: `workflow describe` of an id
 * that does not exist answers "not found" only once history owns its shards. The frontend's own
 * health check would pass long before that.
 */
export async function waitForHistory(
  target: TemporalCliTarget,
  options: { timeoutMs: number; givenUp?: () => boolean },
): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.givenUp?.()) {
    try {
      await run(
        target.cli,
        [
          'workflow',
          'describe',
          '--workflow-id',
          'orderops-readiness-probe-does-not-exist',
          '--namespace',
          target.namespace,
          '--address',
          target.address,
        ],
        { env: cliEnv(), timeout: 10_000 },
      );
    } catch (error) {
      if (/not found/i.test(errorText(error))) return true;
    }
    await sleep(300);
  }
  return false;
}

async function retryUntil(deadline: number, what: string, attempt: () => Promise<void>): Promise<void> {
  for (;;) {
    try {
      await attempt();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${what} did not succeed in time: ${errorText(error)}`);
      await sleep(500);
    }
  }
}

/** The CLI reads TEMPORAL_* settings and profiles; the target is given explicitly instead. */
function cliEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith('TEMPORAL_')) delete env[key];
  return env;
}

function errorText(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr;
  return `${stderr ?? ''} ${error instanceof Error ? error.message : String(error)}`;
}
