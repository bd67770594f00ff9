import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TaskQueues } from '../../contracts/task-queues';
import { OrderOpsClient } from '../../front-doors/client/orderops-client';
import { loadConfig, type OrderOpsConfig } from '../../platform/config';
import { orderOpsDataConverter } from '../../platform/encryption/data-converter';
import { createLogger, type Logger } from '../../platform/logger';
import { connectClient, connectWorkerConnection } from '../../platform/temporal-connection';
import { createCpuWorker, type CpuWorker } from '../../workers/cpu/workers';
import { createIoWorkers, type IoWorkers } from '../../workers/io/workers';
import { SimulatorAdmin, startPartnerSimulator, type PartnerSimulator } from '../partner-simulator';
import { quietSdkLogs } from './quiet-sdk-logs';
import { provideTemporal, type LocalTemporal, type TemporalChoice } from './temporal';
import { startWorkerProcess, type WorkerCommand, type WorkerKind, type WorkerProcess } from './worker-process';

export type WorkerMode = 'in-process' | 'processes';

/** A worker's ORDEROPS_* settings; `command` (processes only) replaces `orderops worker <kind>`. */
export interface WorkerSettings {
  env?: Record<string, string>;
  command?: WorkerCommand;
}

export interface LocalSystemOptions<M extends WorkerMode = 'in-process'> {
  /** Goes into the task-queue names, so the server's queues say whose they are. */
  label: string;
  /** Default `auto`. A server already provided is used and left running at `stop()`. */
  temporal?: TemporalChoice | LocalTemporal;
  /** Default: a partner simulator on a free loopback port (12 carriers unless `carrierCount`). */
  partners?: { carrierCount?: number } | { url: string };
  /** In this process (tests, history capture) or as `orderops worker` processes (the bench). Default in-process. */
  workers?: M;
  /** Default: one of each; false: none. More can be added with `addWorker`. */
  io?: WorkerSettings | false;
  cpu?: WorkerSettings | false;
  /** In-process scoring threads; default 2, whatever the machine. */
  scoringThreads?: number;
  /** Default: a SQLite file in a temporary folder, removed at `stop()`, so systems never see each other's syncs. */
  storePath?: string;
  /** The SDK's own log level in this process (in-process workers); default WARN. */
  sdkLogLevel?: 'WARN' | 'ERROR';
  log?: Logger;
}

type WorkerOf<M extends WorkerMode, K extends WorkerKind> = M extends 'processes'
  ? WorkerProcess
  : K extends 'io'
    ? IoWorkers
    : CpuWorker;

export interface LocalSystem<M extends WorkerMode = 'in-process'> {
  temporal: LocalTemporal;
  /** The in-process workers' settings; its task queues and partners URL are the whole system's. */
  config: OrderOpsConfig;
  queues: TaskQueues;
  /** Undefined when the partners were given by URL. */
  simulator: PartnerSimulator | undefined;
  partners: SimulatorAdmin;
  client: Client;
  orders: OrderOpsClient;
  io: WorkerOf<M, 'io'> | undefined;
  cpu: WorkerOf<M, 'cpu'> | undefined;
  /** Another worker of this kind on the same queues; it becomes `io` or `cpu` and stops with the system. */
  addWorker<K extends WorkerKind>(kind: K, settings?: WorkerSettings): Promise<WorkerOf<M, K>>;
  /** A worker process on the system's queues and store, whatever the mode (a test that crashes one); it stops with the system. */
  startWorkerProcess(kind: WorkerKind, settings?: WorkerSettings): Promise<WorkerProcess>;
  /** Stops everything it started, in reverse order. */
  stop(): Promise<void>;
}

/**
 * OrderOps on this machine for tests, history capture and the bench: a Temporal server, the
 * partner simulator, the I/O and CPU workers on task queues of their own (a unique suffix, so
 * systems sharing a server never take each other's tasks), and a client.
 */
export async function startLocalSystem<M extends WorkerMode = 'in-process'>(
  options: LocalSystemOptions<M>,
): Promise<LocalSystem<M>> {
  const log = options.log ?? createLogger(options.label, 'warn');
  const mode: WorkerMode = options.workers ?? 'in-process';
  if (mode === 'in-process') quietSdkLogs(options.sdkLogLevel ?? 'WARN');
  const stoppers: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne();
  };
  try {
    const given = typeof options.temporal === 'object' ? options.temporal : undefined;
    const temporal =
      given ?? (await provideTemporal({ temporal: (options.temporal as TemporalChoice | undefined) ?? 'auto', log }));
    if (!given) stoppers.push(() => temporal.stop());
    const temporalEnv = { ...process.env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace };

    let simulator: PartnerSimulator | undefined;
    if (!options.partners || !('url' in options.partners)) {
      const started = await startPartnerSimulator({
        port: 0,
        carrierCount: options.partners?.carrierCount,
        logger: createLogger('partner-simulator', 'warn'),
      });
      stoppers.push(() => started.close());
      simulator = started;
    }
    const partnersUrl = simulator?.url ?? (options.partners as { url: string }).url;

    const storePath = options.storePath ?? (await temporaryStore(options.label, stoppers));
    const id = randomUUID().slice(0, 8);
    const queues: TaskQueues = {
      orders: `orders-${options.label}-${id}`,
      partnerIo: `partner-io-${options.label}-${id}`,
      routeScoring: `route-scoring-${options.label}-${id}`,
    };
    // In-process workers see only the settings given, never the caller's environment: a test or a
    // capture must not change with the shell it runs in. Worker processes inherit it, as deployed ones do.
    const configFor = (settings: WorkerSettings | undefined): OrderOpsConfig => ({
      ...loadConfig(settings?.env ?? {}),
      taskQueues: queues,
      partnersUrl,
      storePath,
      scoringThreads: options.scoringThreads ?? 2,
    });
    const config = configFor(undefined);

    const { client, connection } = await connectClient({
      env: temporalEnv,
      clientOptions: { dataConverter: orderOpsDataConverter(config.encryption) },
    });
    stoppers.push(() => connection.close());

    const startProcess = processStarter();
    const startWorker = mode === 'processes' ? startProcess : await inProcessStarter();
    const system: LocalSystem<M> = {
      temporal,
      config,
      queues,
      simulator,
      partners: new SimulatorAdmin(partnersUrl),
      client,
      orders: new OrderOpsClient(client, queues),
      io: undefined,
      cpu: undefined,
      async addWorker<K extends WorkerKind>(kind: K, settings: WorkerSettings = {}) {
        const worker = (await startWorker(kind, settings)) as WorkerOf<M, K>;
        if (kind === 'io') system.io = worker as WorkerOf<M, 'io'>;
        else system.cpu = worker as WorkerOf<M, 'cpu'>;
        return worker;
      },
      startWorkerProcess: (kind, settings = {}) => startProcess(kind, settings),
      stop: stopAll,
    };
    // Settled, not raced: a worker still starting when the other fails must be stopped too.
    const starting = await Promise.allSettled(
      (['io', 'cpu'] as const).map((kind) =>
        options[kind] === false ? undefined : system.addWorker(kind, options[kind] || {}),
      ),
    );
    const failed = starting.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return system;

    function processStarter() {
      return async (kind: WorkerKind, settings: WorkerSettings): Promise<WorkerProcess> => {
        const worker = await startWorkerProcess({
          kind,
          command: settings.command,
          env: { ORDEROPS_STORE_PATH: storePath, ...settings.env },
          temporal,
          client,
          queues,
          partnersUrl,
          log,
        });
        stoppers.push(() => worker.stop());
        return worker;
      };
    }

    async function inProcessStarter() {
      const workerConnection = await connectWorkerConnection({ env: temporalEnv });
      stoppers.push(() => workerConnection.close());
      return async (kind: WorkerKind, settings: WorkerSettings): Promise<IoWorkers | CpuWorker> => {
        if (settings.command) throw new Error('a worker command needs workers: "processes"');
        const deps = { connection: workerConnection, namespace: temporal.namespace, config: configFor(settings) };
        const worker = kind === 'io' ? await createIoWorkers(deps) : await createCpuWorker(deps);
        const running = worker.run();
        stoppers.push(async () => {
          worker.shutdown();
          await running;
        });
        return worker;
      };
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function temporaryStore(label: string, stoppers: (() => Promise<void>)[]): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), `orderops-${label}-`));
  stoppers.push(() => rm(folder, { recursive: true, force: true }));
  return path.join(folder, 'partner-store.sqlite');
}
