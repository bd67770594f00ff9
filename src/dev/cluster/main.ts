/**
 * `npm run cluster`: OrderOps on a real Temporal cluster, every part a process of its own.
 *
 *   PostgreSQL (private cluster under data/cluster, loopback port 15432)
 *   Temporal history → matching, frontend, worker (four server processes on PostgreSQL)
 *   Temporal Web UI server
 *   partner simulator → 2 I/O workers + 2 CPU workers (one shared partner store on PostgreSQL) → HTTP API
 *
 * The first run builds the Temporal server, its SQL tool and the UI server with Go into
 * ~/.cache/orderops (minutes, once per machine) and creates the database; later runs reuse both.
 * Ctrl-C / SIGTERM stops everything in reverse order. A process that crashes is restarted (a
 * process that keeps crashing stops the cluster). `run/cluster.json` under the cluster folder
 * says where everything is and which pid is which, for tests and operators.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../platform/config';
import { isPortFree } from '../../platform/free-port';
import { createLogger } from '../../platform/logger';
import { isShuttingDown, onShutdown, shutdown } from '../../platform/shutdown';
import { applySchedules } from '../stack/apply-schedules';
import { CLI_ENTRY, absoluteEntry } from '../stack/components';
import { waitForPollers, waitForPort } from '../stack/readiness';
import { connectClient } from '../../platform/temporal-connection';
import { WORKER_SIZING } from '../../workers/sizing';
import { provisionClusterBinaries, type ClusterBinaries } from './binaries';
import { listeningPorts, loadClusterSettings, type ClusterSettings } from './cluster-settings';
import { ensurePostgresInstalled, postgresArgs, postgresUrl, preparePostgres, type PostgresSetup } from './postgres';
import { ClusterSupervisor, PROCESS_HOST_ENTRY, type ProcessSpec } from './supervisor';
import { PARTNER_STORE_DATABASE, registerNamespace, setupSchemas, waitForHistory } from './temporal-admin';
import { writeTemporalConfigs, writeUiConfig, type TemporalService } from './temporal-config';

const READY_TIMEOUT_MS = 120_000;
const log = createLogger('cluster');
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

let supervisor: ClusterSupervisor | undefined;

export async function runCluster(): Promise<void> {
  const startedAt = Date.now();
  const settings = loadClusterSettings();
  const config = loadConfig();
  onShutdown(() => supervisor?.stopAll(), { log });
  process.on('SIGHUP', () => void shutdown('received SIGHUP'));

  await refuseTakenPorts(settings);
  const binaries = await provisionClusterBinaries({ log, progress });
  const pgBin = ensurePostgresInstalled({ log, progress });
  const runDir = path.join(settings.dir, 'run');
  fs.mkdirSync(runDir, { recursive: true });
  const postgres = preparePostgres({ binDir: pgBin, root: settings.dir, port: settings.ports.postgres, log });
  const temporalAddress = `127.0.0.1:${settings.ports.frontend}`;
  const storeUrl = postgresUrl(postgres, PARTNER_STORE_DATABASE);

  supervisor = new ClusterSupervisor(log, () => writeState(settings, runDir, temporalAddress, startedAt, 'starting'));
  const up = supervisor;
  const hostSpec = (
    name: string,
    tier: number,
    command: string,
    args: string[],
    extra: { user?: string; stopSignal?: string } = {},
  ): ProcessSpec => {
    const pidFile = path.join(runDir, `${name}.pid`);
    return {
      name,
      tier,
      stopGraceMs: 15_000,
      pidFile,
      spawn: {
        entry: PROCESS_HOST_ENTRY,
        args: [
          '--name',
          name,
          '--pid-file',
          pidFile,
          ...(extra.user ? ['--user', extra.user] : []),
          ...(extra.stopSignal ? ['--stop-signal', extra.stopSignal] : []),
          '--',
          command,
          ...args,
        ],
        env: process.env,
      },
    };
  };
  const ready = async (name: string, port: number): Promise<void> => {
    const child = up.child(name);
    const ok = await waitForPort(port, {
      timeoutMs: READY_TIMEOUT_MS,
      givenUp: () => (child?.hasExited ?? true) || isShuttingDown(),
    });
    if (!ok) throw new Error(`${name} did not open port ${port} (its output above says why)`);
  };

  // 1. PostgreSQL, then the schemas (idempotent, under a second).
  up.start(
    hostSpec('postgres', 0, path.join(postgres.binDir, 'postgres'), postgresArgs(postgres), {
      user: postgres.runAs,
      stopSignal: 'SIGINT',
    }),
  );
  await ready('postgres', settings.ports.postgres);
  await setupSchemas({ sqlTool: binaries.sqlTool, postgres, log });

  // 2. Temporal: history first (on an empty database it writes the cluster's metadata, and the
  //    others starting at the same moment can make it exit), then the other three.
  const configs = writeTemporalConfigs({
    configDir: path.join(settings.dir, 'config'),
    ports: settings.ports,
    postgres: { user: postgres.user, password: postgres.password },
    numHistoryShards: settings.historyShards,
  });
  const service = (name: TemporalService, tier: number): ProcessSpec =>
    hostSpec(name, tier, binaries.server, [
      '--config-file',
      configs[name],
      '--allow-no-auth',
      'start',
      '--service',
      name,
    ]);
  up.start(service('history', 1));
  await ready('history', settings.ports.grpc.history);
  for (const name of ['matching', 'frontend', 'worker'] as const) up.start(service(name, 2));
  await ready('matching', settings.ports.grpc.matching);
  await ready('frontend', settings.ports.frontend);
  const target = { cli: binaries.cli, address: temporalAddress, namespace: settings.namespace };
  await registerNamespace(target, { log, timeoutMs: READY_TIMEOUT_MS });
  if (!(await waitForHistory(target, { timeoutMs: READY_TIMEOUT_MS, givenUp: isShuttingDown }))) {
    throw new Error('Temporal answers on its frontend but history does not serve requests');
  }
  const uiRoot = writeUiConfig({ configDir: path.join(settings.dir, 'config'), ports: settings.ports });
  up.start(hostSpec('ui', 3, binaries.uiServer, ['--root', uiRoot, '--env', 'orderops', 'start']));
  log.info({ address: temporalAddress, seconds: secondsSince(startedAt) }, 'Temporal cluster ready');

  // 3. OrderOps: partner simulator, the workers (one shared store on PostgreSQL), the API.
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: settings.namespace,
    ORDEROPS_PARTNERS_URL: config.partnersUrl,
    ORDEROPS_STORE_URL: storeUrl,
    // The CPU workers share the machine's cores instead of each taking all of them.
    ORDEROPS_SCORING_THREADS: String(Math.max(1, Math.floor(WORKER_SIZING.cpu.threads / settings.cpuWorkers))),
  };
  const app = (name: string, tier: number, command: string[], heapMb?: number, stopGraceMs = 10_000): ProcessSpec => ({
    name,
    tier,
    stopGraceMs,
    spawn: { entry: absoluteEntry(CLI_ENTRY), args: command, env: appEnv, ...(heapMb ? { heapMb } : {}) },
  });
  // They need nothing from each other to start (a worker reaches partners only when it runs an
  // activity), so all start at once; the tiers still order the stop: API, workers, simulator.
  up.start(app('partners', 4, ['partners']));
  const workers: { name: string; kind: 'io' | 'cpu' }[] = [
    ...range(settings.ioWorkers).map((i) => ({ name: `worker-io-${i}`, kind: 'io' as const })),
    ...range(settings.cpuWorkers).map((i) => ({ name: `worker-cpu-${i}`, kind: 'cpu' as const })),
  ];
  for (const { name, kind } of workers) {
    const sizing = WORKER_SIZING[kind];
    up.start(app(name, 5, ['worker', kind], sizing.heapMb, (sizing.shutdownGraceSeconds + 5) * 1_000));
  }
  up.start(app('api', 6, ['api']));
  await Promise.all([
    ready('partners', config.partnersPort),
    waitForWorkers(appEnv, config.taskQueues),
    ready('api', config.apiPort),
    ready('ui', settings.ports.ui),
  ]);
  await applySchedules({ env: appEnv, config, log });

  writeState(settings, runDir, temporalAddress, startedAt, 'ready');
  printWhereEverythingIs(settings, binaries, postgres, secondsSince(startedAt));
}

async function waitForWorkers(env: NodeJS.ProcessEnv, queues: { orders: string; routeScoring: string }): Promise<void> {
  const { client, connection, namespace } = await connectClient({ env, log, waitMs: 10_000 });
  try {
    const options = { timeoutMs: READY_TIMEOUT_MS, givenUp: isShuttingDown };
    const [io, cpu] = await Promise.all([
      waitForPollers(client, namespace, queues.orders, 'workflow', options),
      waitForPollers(client, namespace, queues.routeScoring, 'activity', options),
    ]);
    if (!io || !cpu) log.warn({ ioReady: io, cpuReady: cpu }, 'workers not polling in time; carrying on');
  } finally {
    await connection.close();
  }
}

async function refuseTakenPorts(settings: ClusterSettings): Promise<void> {
  const taken: string[] = [];
  for (const { what, port } of listeningPorts(settings.ports))
    if (!(await isPortFree(port))) taken.push(`${port} (${what})`);
  if (taken.length > 0) {
    throw new Error(
      `ports already in use: ${taken.join(', ')}. Another cluster or \`npm start\` running? Ports are set by ORDEROPS_CLUSTER_* (see README).`,
    );
  }
}

/** What tests and operators read to find the cluster's parts: no secrets in it. */
export interface ClusterState {
  status: 'starting' | 'ready';
  pid: number;
  startedAt: string;
  temporalAddress: string;
  namespace: string;
  uiUrl: string;
  apiUrl: string;
  partnersUrl: string;
  postgres: { host: string; port: number };
  processes: Record<string, { pid: number | undefined; pidFile?: string; tier: number }>;
}

function writeState(
  settings: ClusterSettings,
  runDir: string,
  temporalAddress: string,
  startedAt: number,
  status: ClusterState['status'],
): void {
  if (!supervisor) return;
  const file = path.join(runDir, 'cluster.json');
  const previous = readStatus(file);
  const state: ClusterState = {
    status: status === 'starting' && previous === 'ready' ? 'ready' : status,
    pid: process.pid,
    startedAt: new Date(startedAt).toISOString(),
    temporalAddress,
    namespace: settings.namespace,
    uiUrl: `http://127.0.0.1:${settings.ports.ui}`,
    apiUrl: `http://127.0.0.1:${settings.ports.api}`,
    partnersUrl: `http://127.0.0.1:${settings.ports.partners}`,
    postgres: { host: '127.0.0.1', port: settings.ports.postgres },
    processes: supervisor.processes(),
  };
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, file);
}

function readStatus(file: string): string | undefined {
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as ClusterState;
    return state.pid === process.pid ? state.status : undefined;
  } catch {
    return undefined;
  }
}

function printWhereEverythingIs(
  settings: ClusterSettings,
  binaries: ClusterBinaries,
  postgres: PostgresSetup,
  seconds: number,
): void {
  const p = settings.ports;
  const lines = [
    '',
    `OrderOps is running on a Temporal cluster (ready in ${seconds} s).`,
    `  Temporal Web UI:   http://localhost:${p.ui}`,
    `  Temporal gRPC:     127.0.0.1:${p.frontend}  namespace ${settings.namespace}   (TEMPORAL_ADDRESS for the CLI and other tools)`,
    `  HTTP API:          http://localhost:${p.api}`,
    `  partner simulator: http://localhost:${p.partners}`,
    `  Temporal services: history :${p.grpc.history}, matching :${p.grpc.matching}, frontend :${p.frontend}, worker :${p.grpc.worker}`,
    `  Prometheus:        history :${p.metrics.history}, matching :${p.metrics.matching}, frontend :${p.metrics.frontend}, worker :${p.metrics.worker}`,
    `  PostgreSQL:        127.0.0.1:${p.postgres} user ${postgres.user} (password in ${path.join(settings.dir, 'secrets')}), data in ${postgres.dataDir}`,
    `  workers:           ${settings.ioWorkers} I/O + ${settings.cpuWorkers} CPU, partner store on PostgreSQL (database ${PARTNER_STORE_DATABASE})`,
    `  server binaries:   ${path.dirname(path.dirname(binaries.server))}`,
    `  pids and ports:    ${path.join(settings.dir, 'run', 'cluster.json')}`,
    '',
    '  Place an order from a second terminal:',
    '    npx orderops place examples/order.json --wait',
    '',
    '  Ctrl-C stops everything; the next `npm run cluster` keeps the data.',
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

function secondsSince(startedAt: number): number {
  return Math.round((Date.now() - startedAt) / 100) / 10;
}

/** `npm run cluster -- --provision-only` (CI): the Go builds and PostgreSQL, nothing started. */
export async function provisionCluster(): Promise<void> {
  const binaries = await provisionClusterBinaries({ log, progress });
  const pgBin = ensurePostgresInstalled({ log, progress });
  process.stdout.write(
    `Temporal server:  ${binaries.server}\nSQL schema tool:  ${binaries.sqlTool}\nWeb UI server:    ${binaries.uiServer}\nTemporal CLI:     ${binaries.cli}\nPostgreSQL:       ${pgBin}\n`,
  );
}
