import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../platform/logger';
import { isExecutable } from '../go-install';

/**
 * PostgreSQL for `npm run cluster`: Debian's packages (installed on first use when running as
 * root), run as a private cluster under the project's data folder, on a loopback port of its own
 * and without a Unix socket, owned by the `postgres` user (initdb refuses to run as root).
 */
export const POSTGRES_USER = 'orderops';
const SYSTEM_USER = 'postgres';
const MAX_CONNECTIONS = 200;

export interface PostgresSetup {
  binDir: string;
  /** The cluster's data folder (PGDATA). */
  dataDir: string;
  port: number;
  user: string;
  /** Read from (or created in) a 0600 file beside the data folder; never logged. */
  password: string;
  /** The system user the server runs as; undefined when not root (it then runs as the caller). */
  runAs: string | undefined;
}

/** The newest `/usr/lib/postgresql/<major>/bin`, or `ORDEROPS_CLUSTER_PG_BIN`. */
export function findPostgresBinDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ORDEROPS_CLUSTER_PG_BIN) return env.ORDEROPS_CLUSTER_PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return undefined;
  const majors = fs
    .readdirSync(root)
    .filter((entry) => /^\d+$/.test(entry) && isExecutable(path.join(root, entry, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return majors[0] === undefined ? undefined : path.join(root, majors[0], 'bin');
}

/** Installs Debian's `postgresql` when it is missing and we are root; otherwise says what to do. */
export function ensurePostgresInstalled(options: {
  log: Logger;
  progress: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): string {
  const existing = findPostgresBinDir(options.env);
  if (existing) return existing;
  if (process.getuid?.() !== 0 || !isOnPath('apt-get')) {
    throw new Error(
      'PostgreSQL is not installed. Install it (Debian/Ubuntu: `sudo apt-get install -y postgresql`) ' +
        'or set ORDEROPS_CLUSTER_PG_BIN to the folder holding initdb and postgres, then run `npm run cluster` again.',
    );
  }
  options.progress('PostgreSQL is missing: apt-get install -y postgresql (about 10 s)…');
  const result = spawnSync('apt-get', ['install', '-y', 'postgresql'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(
      `apt-get install -y postgresql failed (exit ${result.status}):\n${(result.stderr ?? '').split('\n').slice(-20).join('\n')}`,
    );
  }
  const installed = findPostgresBinDir(options.env);
  if (!installed)
    throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/<version>/bin/postgres was found');
  options.log.info({ binDir: installed }, 'PostgreSQL installed');
  return installed;
}

/**
 * Creates the cluster under `root` on first use (initdb, ~1 s) and returns how to run it.
 * Idempotent: an existing cluster is reused with its data and password.
 */
export function preparePostgres(options: { binDir: string; root: string; port: number; log: Logger }): PostgresSetup {
  const { binDir, root, port, log } = options;
  const runAs = process.getuid?.() === 0 ? SYSTEM_USER : undefined;
  const dataDir = path.join(root, 'pgdata');
  const secretsDir = path.join(root, 'secrets');
  fs.mkdirSync(secretsDir, { recursive: true, mode: 0o700 });
  const password = readOrCreateSecret(path.join(secretsDir, 'postgres-password'));

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    // initdb reads the superuser's password from a file that user can read; removed right after.
    const pwFile = path.join(root, '.initdb-password');
    fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    try {
      if (runAs) chownTo(runAs, [dataDir, pwFile]);
      runAsUser(runAs, path.join(binDir, 'initdb'), [
        '--pgdata',
        dataDir,
        '--username',
        POSTGRES_USER,
        '--pwfile',
        pwFile,
        '--auth',
        'scram-sha-256',
        '--encoding',
        'UTF8',
        '--no-instructions',
      ]);
    } finally {
      fs.rmSync(pwFile, { force: true });
    }
    log.info({ dataDir }, 'PostgreSQL cluster created');
  } else if (runAs) {
    chownTo(runAs, [dataDir]);
  }
  return { binDir, dataDir, port, user: POSTGRES_USER, password, runAs };
}

/** The postgres command line: loopback only, no Unix socket, logs on stderr. */
export function postgresArgs(setup: PostgresSetup): string[] {
  return [
    '-D',
    setup.dataDir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `port=${setup.port}`,
    '-c',
    'unix_socket_directories=',
    '-c',
    `max_connections=${MAX_CONNECTIONS}`,
    '-c',
    'logging_collector=off',
    '-c',
    'log_min_messages=warning',
    '-c',
    'log_checkpoints=off',
  ];
}

/** `postgres://user:password@127.0.0.1:port/db`; it holds the password: pass it by environment, never log it. */
export function postgresUrl(setup: PostgresSetup, database: string): string {
  return `postgres://${encodeURIComponent(setup.user)}:${encodeURIComponent(setup.password)}@127.0.0.1:${setup.port}/${database}`;
}

function readOrCreateSecret(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const secret = randomBytes(18).toString('base64url');
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function chownTo(user: string, paths: readonly string[]): void {
  const uid = Number.parseInt(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim(), 10);
  const gid = Number.parseInt(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim(), 10);
  for (const target of paths) chownRecursive(target, uid, gid);
}

function chownRecursive(target: string, uid: number, gid: number): void {
  fs.chownSync(target, uid, gid);
  if (!fs.statSync(target).isDirectory()) return;
  for (const entry of fs.readdirSync(target)) chownRecursive(path.join(target, entry), uid, gid);
}

function runAsUser(user: string | undefined, command: string, args: readonly string[]): void {
  const ids = user
    ? {
        uid: Number.parseInt(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim(), 10),
        gid: Number.parseInt(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim(), 10),
      }
    : {};
  // A folder the user can enter: initdb resolves its own path relative to the working directory.
  const result = spawnSync(command, args, { ...ids, cwd: '/', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(
      `${path.basename(command)} failed (exit ${result.status}): ${(result.stderr || result.stdout || '').trim()}`,
    );
  }
}

function isOnPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, command)));
}
