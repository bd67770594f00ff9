/**
 * The isolation scenario's worker: the product's I/O workers, plus route scoring on the same
 * event loop (the anti-pattern the CPU worker exists to avoid), to measure what that costs every
 * partner call and workflow task sharing the loop. Started by the bench as a worker process (IO_WORKER_SCORING_INLINE).
 */
import { Worker } from '@temporalio/worker';
import { createScoringActivities } from '../../src/activities/scoring-activities';
import { orderOpsDataConverter } from '../../src/platform/encryption/data-converter';
import { runWorkerProcess } from '../../src/workers/run-worker-process';
import { createIoWorkers } from '../../src/workers/io/workers';
import { workerTelemetryOptions } from '../../src/workers/worker-telemetry';
import { InlineScorer } from './inline-scorer';

void runWorkerProcess('worker-io-scoring-inline', async ({ connection, namespace, config }) => {
  const io = await createIoWorkers({ connection, namespace, config });
  const scoring = await Worker.create({
    connection,
    namespace,
    dataConverter: orderOpsDataConverter(config.encryption),
    ...workerTelemetryOptions(),
    taskQueue: config.taskQueues.routeScoring,
    activities: createScoringActivities({ scorer: new InlineScorer(), network: config.roadNetwork }),
    maxConcurrentActivityTaskExecutions: config.scoringThreads,
  });
  return {
    run: async () => {
      await Promise.all([io.run(), scoring.run()]);
    },
    shutdown() {
      io.shutdown();
      if (scoring.getState() === 'RUNNING') scoring.shutdown();
    },
  };
});
