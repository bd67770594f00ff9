import type { WorkerProcess } from '../../src/dev/local-system/worker-process';
import { WorkerMetricsClient } from './metrics-client';

export type { WorkerKind } from '../../src/dev/local-system/worker-process';

/** A worker process of the local system (src/dev/local-system), read through its metrics endpoint. */
export interface WorkerChild extends WorkerProcess {
  metrics: WorkerMetricsClient;
}

export function withMetrics(worker: WorkerProcess): WorkerChild {
  return Object.assign(worker, { metrics: new WorkerMetricsClient(worker.metricsPort) });
}
