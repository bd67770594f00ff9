/**
 * The task queues are the workload map made concrete: each shape of work polls its own queue,
 * so each can be served by a worker sized for it. Other teams' scripts and dashboards use these
 * names; change them only with a migration note in the README.
 */
export interface TaskQueues {
  /** Workflow tasks: the order and sync workflows, cheap to run, many at once. */
  orders: string;
  /** I/O-bound partner calls: mostly waiting on the network, so many slots per worker. */
  partnerIo: string;
  /** CPU-bound route scoring: one slot per pool thread, on its own worker process. */
  routeScoring: string;
}

export const DEFAULT_TASK_QUEUES: Readonly<TaskQueues> = Object.freeze({
  orders: 'orders',
  partnerIo: 'partner-io',
  routeScoring: 'route-scoring',
});
