import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { OrderOpsClient } from '../../src/front-doors/client/orderops-client';
import { SimulatorAdmin, startPartnerSimulator, type PartnerSimulator } from '../../src/dev/partner-simulator';
import { loadConfig, type OrderOpsConfig } from '../../src/platform/config';
import { createLogger } from '../../src/platform/logger';
import { createCpuWorker, type CpuWorker } from '../../src/workers/cpu/workers';
import { createIoWorkers, type IoWorkers } from '../../src/workers/io/workers';

export interface TestStack {
  config: OrderOpsConfig;
  simulator: PartnerSimulator;
  partners: SimulatorAdmin;
  client: Client;
  orders: OrderOpsClient;
  /** Undefined when the test runs the I/O worker as a separate process (see worker-process.ts). */
  io?: IoWorkers;
  cpu: CpuWorker;
  stop(): Promise<void>;
}

/**
 * The real system, in-process, against the run's one dev server: a partner simulator on a free
 * loopback port, the I/O workers and the CPU worker (real worker threads). Each test file gets
 * task queues of its own, so files running side by side never take each other's tasks.
 */
export async function startTestStack(
  options: { carrierCount?: number; scoringThreads?: number; inProcessIoWorkers?: boolean; storePath?: string } = {},
): Promise<TestStack> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests through vitest (its global setup starts the dev server)');
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  quietSdkLogs();
  const simulator = await startPartnerSimulator({ port: 0, logger: createLogger('partner-simulator', 'warn'), ...(options.carrierCount ? { carrierCount: options.carrierCount } : {}) });
  const suffix = randomUUID().slice(0, 8);
  const base = loadConfig({});
  const config: OrderOpsConfig = {
    ...base,
    taskQueues: { orders: `orders-${suffix}`, partnerIo: `partner-io-${suffix}`, routeScoring: `route-scoring-${suffix}` },
    partnersUrl: simulator.url,
    scoringThreads: options.scoringThreads ?? 2,
    // A partner store of its own (a fresh temp SQLite file unless given), so stacks never see each other's syncs.
    storePath: options.storePath ?? path.join(os.tmpdir(), `orderops-store-${suffix}.sqlite`),
  };
  const workerConnection = await NativeConnection.connect({ address });
  const io = options.inProcessIoWorkers === false ? undefined : await createIoWorkers({ connection: workerConnection, namespace, config });
  const cpu = await createCpuWorker({ connection: workerConnection, namespace, config });
  const running = Promise.all([io?.run(), cpu.run()]);
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });

  return {
    config,
    simulator,
    partners: new SimulatorAdmin(simulator.url),
    client,
    orders: new OrderOpsClient(client, config.taskQueues),
    io,
    cpu,
    async stop() {
      io?.shutdown();
      cpu.shutdown();
      await running;
      await workerConnection.close();
      await connection.close();
      await simulator.close();
      if (!options.storePath) for (const file of ['', '-wal', '-shm']) fs.rmSync(`${config.storePath}${file}`, { force: true });
    },
  };
}

export { sampleOrder } from '../../src/domain/sample-order';

let runtimeInstalled = false;

/** Workers log every state change at INFO; tests only want warnings. */
function quietSdkLogs(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}
