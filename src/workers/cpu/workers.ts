import { NativeConnection, Worker } from '@temporalio/worker';
import { createScoringActivities } from '../../activities/scoring-activities';
import { ScoringPool } from '../../scoring/scoring-pool';
import { WORKER_SIZING } from '../sizing';
import type { OrderOpsConfig } from '../../platform/config';
import { orderOpsDataConverter } from '../../platform/encryption/data-converter';
import { workerTelemetryOptions } from '../worker-telemetry';

export interface CpuWorker {
  worker: Worker;
  pool: ScoringPool;
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The CPU side of the workload map. Route scoring runs in a pool of worker threads; this
 * process's own event loop only moves inputs and heartbeats. Activity slots equal the pool size,
 * so a scoring that has no free thread waits in Temporal's task queue, visible and shared fairly
 * among every CPU worker, instead of in a hidden queue inside one process.
 */
export async function createCpuWorker(options: {
  connection: NativeConnection;
  namespace: string;
  config: OrderOpsConfig;
}): Promise<CpuWorker> {
  const { connection, namespace, config } = options;
  const pool = ScoringPool.start({ threads: config.scoringThreads });
  const worker = await Worker.create({
    connection,
    namespace,
    dataConverter: orderOpsDataConverter(config.encryption),
    ...workerTelemetryOptions(),
    taskQueue: config.taskQueues.routeScoring,
    activities: createScoringActivities({ scorer: pool, network: config.roadNetwork }),
    maxConcurrentActivityTaskExecutions: pool.size,
    // A scoring normally ends in well under this; one that doesn't is aborted and retried on another CPU worker.
    shutdownGraceTime: `${config.shutdownGraceSeconds ?? WORKER_SIZING.cpu.shutdownGraceSeconds}s`,
  });
  return {
    worker,
    pool,
    async run() {
      try {
        await worker.run();
      } finally {
        await pool.close();
      }
    },
    shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
