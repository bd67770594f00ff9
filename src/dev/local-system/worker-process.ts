import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { TaskQueues } from '../../contracts/task-queues';
import { projectRoot } from '../../platform/config';
import { findFreePort } from '../../platform/free-port';
import type { Logger } from '../../platform/logger';
import { WORKER_SIZING } from '../../workers/sizing';
import { CLI_ENTRY } from '../stack/components';
import { ManagedChild } from '../stack/managed-child';
import { waitForPollers, type TaskQueueKind } from '../stack/readiness';
import type { LocalTemporal } from './temporal';

export type WorkerKind = 'io' | 'cpu';

/** What a worker process runs, and the queues it polls once it is ready. */
export interface WorkerCommand {
  /** A file under the project root. */
  entry: string;
  args: string[];
  polls: { queue: keyof TaskQueues; kind: TaskQueueKind }[];
}

export const WORKER_COMMANDS: Record<WorkerKind, WorkerCommand> = {
  io: {
    entry: CLI_ENTRY,
    args: ['worker', 'io'],
    polls: [
      { queue: 'orders', kind: 'workflow' },
      { queue: 'partnerIo', kind: 'activity' },
    ],
  },
  cpu: { entry: CLI_ENTRY, args: ['worker', 'cpu'], polls: [{ queue: 'routeScoring', kind: 'activity' }] },
};

export interface WorkerProcessOptions {
  kind: WorkerKind;
  /** Default: `orderops worker <kind>`. */
  command?: WorkerCommand;
  /** ORDEROPS_* settings on top of the queues, the partners URL and the metrics port. */
  env?: Record<string, string>;
  temporal: LocalTemporal;
  client: Client;
  queues: TaskQueues;
  partnersUrl: string;
  log: Logger;
}

export interface WorkerProcess {
  kind: WorkerKind;
  pid: number | undefined;
  /** Its Prometheus endpoint on loopback (ORDEROPS_METRICS_PORT). */
  metricsPort: number;
  /** Set when the process died without being asked to. */
  unexpectedExit(): string | undefined;
  /** One signal to the process alone, e.g. SIGKILL to crash it mid-call; `exited` says when it is gone. */
  signal(signal: NodeJS.Signals): void;
  exited: Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 120_000;
const STOP_GRACE_MS = 15_000;

/**
 * A worker as production runs it: its own process (through the stack's ManagedChild, which also
 * stops it if this process dies), configured only through the environment, with the heap limit
 * every deployment gives it. Resolves once the worker polls every queue it serves.
 */
export async function startWorkerProcess(options: WorkerProcessOptions): Promise<WorkerProcess> {
  const command = options.command ?? WORKER_COMMANDS[options.kind];
  const metricsPort = await findFreePort();
  let exitReason: string | undefined;
  const child = new ManagedChild({
    name: `worker-${options.kind}`,
    entry: path.join(projectRoot(), command.entry),
    args: command.args,
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
      ORDEROPS_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    onUnexpectedExit: (exit) =>
      (exitReason = `worker ${options.kind} exited (code ${exit.code}, signal ${exit.signal})`),
  });
  const givenUp = (): boolean => exitReason !== undefined;
  const polled = await Promise.all(
    command.polls.map(({ queue, kind }) =>
      waitForPollers(options.client, options.temporal.namespace, options.queues[queue], kind, {
        timeoutMs: READY_TIMEOUT_MS,
        givenUp,
      }),
    ),
  );
  if (!polled.every(Boolean)) {
    await child.stop(STOP_GRACE_MS);
    throw new Error(exitReason ?? `worker ${options.kind} did not poll its queues within ${READY_TIMEOUT_MS} ms`);
  }
  return {
    kind: options.kind,
    pid: child.process.pid,
    metricsPort,
    unexpectedExit: () => exitReason,
    signal: (signal) => child.sendSignal(signal),
    exited: child.exited.then(() => undefined),
    stop: () => child.stop(STOP_GRACE_MS),
  };
}
