import fs from 'node:fs';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Logger } from '../../platform/logger';
import { SEARCH_ATTRIBUTE_REGISTRATIONS } from '../../contracts/search-attributes';
import { findFreePort, isPortFree } from '../../platform/free-port';
import { resolveTemporalCli, type TemporalCliExecutable } from './temporal-cli';

export interface DevServerOptions {
  log: Logger;
  /** gRPC port; a free one if omitted. */
  port?: number;
  /** Web UI on/off; on by default. */
  ui?: boolean;
  /** Web UI port; a free one if omitted. */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in-memory if omitted. */
  dbFile?: string;
  namespace?: string;
  /** Interface to bind; loopback by default. */
  ip?: string;
  /** Skip resolution (tests, or a caller that already provisioned). */
  executable?: TemporalCliExecutable;
  /** Server dynamic config on top of OrderOps' own, e.g. { 'history.transferProcessorMaxPollRPS': 1000 } (the bench tries knobs). */
  dynamicConfig?: DynamicConfig;
  /** The codec server the Web UI decodes payloads with (OrderOps's codec server when encryption is on). */
  uiCodecEndpoint?: string;
}

export type DynamicConfig = Record<string, string | number | boolean>;

export interface DevServer {
  /** host:port for TEMPORAL_ADDRESS. */
  address: string;
  uiUrl: string | undefined;
  namespace: string;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI dev server (`temporal server start-dev`), launched through @temporalio/testing,
 * which owns the child process. `stop()` kills it outright (the SDK does not ask it to shut down
 * gracefully), so with a db file every acknowledged write must already survive a process kill:
 * see the SQLite pragmas below.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { log } = options;
  const ip = options.ip ?? '127.0.0.1';
  const namespace = options.namespace ?? 'default';
  const executable = options.executable ?? (await resolveTemporalCli({ log }));
  const ui = options.ui ?? true;
  const uiPort = ui ? (options.uiPort ?? (await findFreePort(ip))) : undefined;
  // The SDK reports "ready" as soon as something answers on the port, so a server that is
  // already running there would be silently used instead of this one (and its db file ignored).
  for (const [what, port] of [
    ['gRPC', options.port],
    ['Web UI', uiPort],
  ] as const) {
    if (port !== undefined && !(await isPortFree(port, ip))) {
      throw new Error(
        `${what} port ${ip}:${port} is already in use; to use a Temporal server that is already running, set TEMPORAL_ADDRESS`,
      );
    }
  }
  const dbFile = options.dbFile ? path.resolve(options.dbFile) : undefined;
  if (dbFile) fs.mkdirSync(path.dirname(dbFile), { recursive: true });

  const extraArgs = [
    ...devServerExtraArgs({ persistent: dbFile !== undefined, dynamicConfig: options.dynamicConfig }),
    ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
  ];
  log.debug({ executable, port: options.port, uiPort, dbFile, extraArgs }, 'starting Temporal dev server');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable.type === 'existing-path' ? { type: 'existing-path', path: executable.path } : executable,
      ip,
      port: options.port,
      ui,
      uiPort,
      dbFilename: dbFile,
      namespace,
      log: { format: 'json', level: 'error' },
      extraArgs,
    },
  });

  const uiUrl = uiPort === undefined ? undefined : `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${uiPort}`;
  log.info({ address: env.address, uiUrl, namespace, dbFile: dbFile ?? 'in-memory' }, 'Temporal dev server ready');
  let stopping: Promise<void> | undefined;
  return {
    address: env.address,
    uiUrl,
    namespace,
    stop: () => (stopping ??= env.teardown()),
  };
}

/**
 * OrderOps' own server settings. `history.transferProcessorMaxPollRPS`: the dev server has one
 * history shard, whose transfer queue (every activity and workflow task on its way to matching) is
 * read at most 20 times a second by default; under a burst each task then waits ~40 ms for the next
 * read. At 1000 (bench fanout): e2e p50 1147 -> 569 ms, activity schedule-to-start p50 39.9 ->
 * 2.5 ms; an idle server does not poll more for it. The cluster should set the same value.
 * The other two let `temporal worker list` show the I/O and CPU workers from the SDK's heartbeats
 * (server 1.29.1 already enables everything else OrderOps uses).
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<DynamicConfig> = Object.freeze({
  'history.transferProcessorMaxPollRPS': 1000,
  'frontend.WorkerHeartbeatsEnabled': true,
  'frontend.ListWorkersEnabled': true,
});

/**
 * Flags beyond what @temporalio/testing sets itself (port, ip, namespace, UI, db file, log).
 * The string form of search attributes is used rather than the SDK's `searchAttributes` option
 * because SEARCH_ATTRIBUTE_REGISTRATIONS is the one list, kept in the CLI's own vocabulary.
 */
export function devServerExtraArgs({
  persistent,
  dynamicConfig = {},
}: {
  persistent: boolean;
  dynamicConfig?: DynamicConfig;
}): string[] {
  const args: string[] = [];
  for (const [name, type] of Object.entries(SEARCH_ATTRIBUTE_REGISTRATIONS))
    args.push('--search-attribute', `${name}=${type}`);

  if (persistent) {
    // WAL: commits append to a log instead of rewriting pages, and readers (a backup, `sqlite3` on
    // the file while the stack runs) never block the server's single writer connection.
    // synchronous=NORMAL: in WAL mode, fsync happens only at checkpoints, not on every commit, which
    // is what makes a busy dev server fast on a laptop disk. It is fully safe against the server
    // process crashing or being killed (the WAL is in the OS page cache). On power loss or an OS
    // crash the most recent commits since the last checkpoint can be rolled back: the file stays
    // consistent, but a workflow start or a history event Temporal already acknowledged may be lost.
    // Acceptable for a development server; a production cluster uses a real database.
    args.push('--sqlite-pragma', 'journal_mode=wal', '--sqlite-pragma', 'synchronous=normal');
  }

  // A knob under test (the bench's --server-config) replaces OrderOps' own value of the same key.
  for (const [key, value] of Object.entries({ ...DEV_SERVER_DYNAMIC_CONFIG, ...dynamicConfig })) {
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  }
  return args;
}
