import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScoreRoutesInput } from '../../src/activities/scoring-activities';
import { loadConfig } from '../../src/platform/config';
import { createCpuWorker, type CpuWorker } from '../../src/workers/cpu/workers';
import { eventually } from '../support/eventually';
import type { scoringProbe } from './fixtures/scoring-probe-workflow';

// Big enough that one scoring takes seconds on this machine, so there is time to cancel it.
const HEAVY_NETWORK = { seed: 7, nodeCount: 200_000 };

function heavyInput(candidates: number): ScoreRoutesInput {
  return {
    orderId: 'probe',
    destination: { country: 'FR', postalCode: '69002' },
    candidates: Array.from({ length: candidates }, (_, i) => ({
      warehouseId: `wh-${i % 8}`,
      warehouseNode: (i * 7_919) % HEAVY_NETWORK.nodeCount,
      carrierId: `carrier-${i}`,
      hubNode: (i * 104_729 + 13) % HEAVY_NETWORK.nodeCount,
      priceMinor: 500 + i,
      etaHours: 24 + (i % 5),
    })),
  };
}

describe('route scoring as an activity on the CPU worker', () => {
  let cpu: CpuWorker;
  let probeWorker: Worker;
  let client: Client;
  let connection: Connection;
  let workerConnection: NativeConnection;
  let running: Promise<unknown>;
  const suffix = randomUUID().slice(0, 8);
  const scoringQueue = `route-scoring-${suffix}`;
  const probeQueue = `scoring-probe-${suffix}`;

  beforeAll(async () => {
    const address = process.env.TEMPORAL_ADDRESS!;
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // already installed by another suite in this process
    }
    workerConnection = await NativeConnection.connect({ address });
    const config = { ...loadConfig({}), roadNetwork: HEAVY_NETWORK, scoringThreads: 1 };
    config.taskQueues = { ...config.taskQueues, routeScoring: scoringQueue };
    cpu = await createCpuWorker({ connection: workerConnection, namespace: 'default', config });
    probeWorker = await Worker.create({
      connection: workerConnection,
      taskQueue: probeQueue,
      workflowsPath: path.join(__dirname, 'fixtures', 'scoring-probe-workflow.ts'),
    });
    running = Promise.all([cpu.run(), probeWorker.run()]);
    connection = await Connection.connect({ address });
    client = new Client({ connection });
  });

  afterAll(async () => {
    cpu?.shutdown();
    probeWorker?.shutdown();
    await running;
    await connection?.close();
    await workerConnection?.close();
  });

  const probe = (args: Parameters<typeof scoringProbe>) =>
    client.workflow.execute<typeof scoringProbe>('scoringProbe', {
      taskQueue: probeQueue,
      workflowId: `probe-${randomUUID()}`,
      args,
    });

  it('cancelling a long scoring stops its thread, reports cancelled, and leaves the pool free', async () => {
    const before = cpu.pool.stats;
    const outcome = await probe([
      heavyInput(60),
      { taskQueue: scoringQueue, startToCloseMs: 120_000, heartbeatMs: 2_000, cancelAfterMs: 1_500 },
    ]);
    expect(outcome).toEqual({ outcome: 'cancelled' });
    await eventually('the pool to abort the task and have no running work', async () =>
      cpu.pool.stats.aborted === before.aborted + 1 && cpu.pool.stats.running === 0 ? true : undefined,
    );
    expect(cpu.pool.stats.completed).toBe(before.completed);
    const next = await probe([
      heavyInput(2),
      { taskQueue: scoringQueue, startToCloseMs: 120_000, heartbeatMs: 10_000 },
    ]);
    expect(next.outcome).toBe('completed');
  });

  it('a scoring that outlives its timeout is abandoned, not left running beside a retry', async () => {
    const before = cpu.pool.stats;
    const outcome = await probe([heavyInput(60), { taskQueue: scoringQueue, startToCloseMs: 1_000, heartbeatMs: 500 }]);
    expect(outcome.outcome).toBe('timedOut');
    await eventually('the timed-out scoring to be aborted in its thread', async () =>
      cpu.pool.stats.aborted === before.aborted + 1 && cpu.pool.stats.running === 0 ? true : undefined,
    );
    expect(cpu.pool.stats.completed).toBe(before.completed);
  });
});
