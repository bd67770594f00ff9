import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { OrderOpsClient } from '../../front-doors/client/orderops-client';
import { SimulatorAdmin, startPartnerSimulator, type PartnerSimulator } from '../partner-simulator';
import { startDevServer, type DevServer } from '../temporal/dev-server';
import { connectClient, connectWorkerConnection, loadTemporalSettings } from '../../platform/temporal-connection';
import { loadConfig, type OrderOpsConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { createCpuWorker } from '../../workers/cpu/workers';
import { createIoWorkers } from '../../workers/io/workers';
import { quietSdkLogs } from './quiet-sdk-logs';

export interface CaptureStack {
  config: OrderOpsConfig;
  partners: SimulatorAdmin;
  client: Client;
  orders: OrderOpsClient;
  stop(): Promise<void>;
}

/**
 * The real system in one process, for recording histories: Temporal (TEMPORAL_ADDRESS, else an
 * in-memory dev server), the partner simulator on a free loopback port, the I/O workers and the
 * CPU worker. Task queues get a unique suffix so a capture never takes tasks meant for (or from)
 * workers already running against the same server.
 */
export async function startCaptureStack(): Promise<CaptureStack> {
  const log = createLogger('histories', process.env.LOG_LEVEL ?? 'warn');
  quietSdkLogs('ERROR');
  const stoppers: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const stopOne of stoppers.splice(0).reverse()) await stopOne();
  };
  try {
    const temporal = await provideTemporal(log);
    stoppers.push(temporal.stop);
    const simulator: PartnerSimulator = await startPartnerSimulator({ port: 0, logger: createLogger('partner-simulator', 'warn') });
    stoppers.push(() => simulator.close());

    // A store of its own: a capture must not sync into (or plan from) the data of a running stack.
    const storeDir = await mkdtemp(path.join(os.tmpdir(), 'orderops-capture-'));
    stoppers.push(() => rm(storeDir, { recursive: true, force: true }));
    const suffix = `capture-${randomUUID().slice(0, 8)}`;
    const config: OrderOpsConfig = {
      ...loadConfig(),
      taskQueues: { orders: `orders-${suffix}`, partnerIo: `partner-io-${suffix}`, routeScoring: `route-scoring-${suffix}` },
      partnersUrl: simulator.url,
      storePath: path.join(storeDir, 'partner-store.sqlite'),
      scoringThreads: 2,
    };
    // TLS, API keys and profiles come from Temporal's environment configuration, as for every process.
    const env = { ...process.env, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: temporal.namespace };
    const workerConnection = await connectWorkerConnection({ env });
    stoppers.push(() => workerConnection.close());
    const io = await createIoWorkers({ connection: workerConnection, namespace: temporal.namespace, config });
    const cpu = await createCpuWorker({ connection: workerConnection, namespace: temporal.namespace, config });
    const running = Promise.all([io.run(), cpu.run()]);
    stoppers.push(async () => {
      io.shutdown();
      cpu.shutdown();
      await running;
    });

    const { client, connection } = await connectClient({ env });
    stoppers.push(() => connection.close());
    return {
      config,
      partners: new SimulatorAdmin(simulator.url),
      client,
      orders: new OrderOpsClient(client, config.taskQueues),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface ProvidedTemporal {
  address: string;
  namespace: string;
  stop(): Promise<void>;
}

async function provideTemporal(log: ReturnType<typeof createLogger>): Promise<ProvidedTemporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    const settings = loadTemporalSettings();
    return { address: settings.address, namespace: settings.namespace, stop: async () => undefined };
  }
  const server: DevServer = await startDevServer({ log, ui: false });
  return { address: server.address, namespace: server.namespace, stop: () => server.stop() };
}
