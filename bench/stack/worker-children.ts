import path from 'node:path';
import type { Client } from '@temporalio/client';
import { findFreePort } from '../../src/platform/free-port';
import { projectRoot } from '../../src/platform/config';
import type { Logger } from '../../src/platform/logger';
import type { TaskQueues } from '../../src/contracts/task-queues';
import { CLI_ENTRY } from '../../src/dev/stack/components';
import { WORKER_SIZING } from '../../src/workers/sizing';
import { ManagedChild } from '../../src/dev/stack/managed-child';
import { waitForPollers } from '../../src/dev/stack/readiness';
import { WorkerMetricsClient } from './metrics-client';
import type { BenchTemporal } from './temporal';

export type WorkerKind = 'io' | 'cpu';

export interface WorkerChildOptions {
  kind: WorkerKind;
  /** ORDEROPS_* settings for this worker on top of the queues, partners URL and metrics port. */
  env?: Record<string, string>;
}

export interface WorkerChild {
  kind: WorkerKind;
  pid: number | undefined;
  metrics: WorkerMetricsClient;
  /** Set when the process died without being asked to: the scenario's figures are then void. */
  unexpectedExit(): string | undefined;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/**
 * A worker as production runs it: its own process (`orderops worker <kind>`, through the stack's
 * ManagedChild, which also stops it if the benchmark dies), configured only through the environment.
 * Resolves once the worker polls every queue it serves.
 */
export async function startWorkerChild(options: WorkerChildOptions & {
  temporal: BenchTemporal;
  client: Client;
  queues: TaskQueues;
  partnersUrl: string;
  log: Logger;
}): Promise<WorkerChild> {
  const metricsPort = await findFreePort();
  let exitReason: string | undefined;
  const child = new ManagedChild({
    name: `bench-worker-${options.kind}`,
    entry: path.join(projectRoot(), CLI_ENTRY),
    args: ['worker', options.kind],
    // The heap limit every deployment gives this worker: it shapes garbage collection, and so memory.
    heapMb: WORKER_SIZING[options.kind].heapMb,
    log: options.log,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: options.temporal.address,
      TEMPORAL_NAMESPACE: options.temporal.namespace,
      ORDEROPS_ORDERS_QUEUE: options.queues.orders,
      ORDEROPS_PARTNER_IO_QUEUE: options.queues.partnerIo,
      ORDEROPS_ROUTE_SCORING_QUEUE: options.queues.routeScoring,
      ORDEROPS_PARTNERS_URL: options.partnersUrl,
      ORDEROPS_WORKER_METRICS_PORT: String(metricsPort),
      // Warnings (timeouts the inline scenario provokes on purpose) would bury the progress bars.
      LOG_LEVEL: 'error',
      ...options.env,
    },
    onUnexpectedExit: (exit) => (exitReason = `worker ${options.kind} exited (code ${exit.code}, signal ${exit.signal})`),
  });
  const givenUp = (): boolean => exitReason !== undefined;
  const polled = await Promise.all(
    pollersFor(options).map(({ queue, kind }) =>
      waitForPollers(options.client, options.temporal.namespace, queue, kind, { timeoutMs: READY_TIMEOUT_MS, givenUp }),
    ),
  );
  if (!polled.every(Boolean)) {
    await child.stop(STOP_GRACE_MS);
    throw new Error(exitReason ?? `worker ${options.kind} did not poll its queues within ${READY_TIMEOUT_MS} ms`);
  }
  return {
    kind: options.kind,
    pid: child.process.pid,
    metrics: new WorkerMetricsClient(metricsPort),
    unexpectedExit: () => exitReason,
    stop: () => child.stop(STOP_GRACE_MS),
  };
}

function pollersFor(options: WorkerChildOptions & { queues: TaskQueues }): { queue: string; kind: 'workflow' | 'activity' }[] {
  if (options.kind === 'cpu') return [{ queue: options.queues.routeScoring, kind: 'activity' }];
  const io = [
    { queue: options.queues.orders, kind: 'workflow' as const },
    { queue: options.queues.partnerIo, kind: 'activity' as const },
  ];
  return options.env?.ORDEROPS_INLINE_SCORING === '1' ? [...io, { queue: options.queues.routeScoring, kind: 'activity' }] : io;
}
