import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { ClusterState } from '../../../src/dev/cluster/main';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../../../src/contracts/task-queues';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import { OrderOpsClient } from '../../../src/front-doors/client/orderops-client';
import { fetchEvents } from '../../support/history';

export interface ClusterClient {
  client: Client;
  orders: OrderOpsClient;
  close(): Promise<void>;
}

/** A client of the run's cluster (the global setup exported where it is). */
export async function connectToCluster(taskQueues: TaskQueues = DEFAULT_TASK_QUEUES): Promise<ClusterClient> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address || !process.env.ORDEROPS_TEST_CLUSTER_DIR)
    throw new Error('run through `npm run test:cluster`: its global setup starts the cluster');
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  return { client, orders: new OrderOpsClient(client, taskQueues), close: () => connection.close() };
}

/** The cluster's state file: which pid is which process right now. */
export function clusterState(): ClusterState {
  const dir = process.env.ORDEROPS_TEST_CLUSTER_DIR as string;
  return JSON.parse(fs.readFileSync(path.join(dir, 'run', 'cluster.json'), 'utf8')) as ClusterState;
}

export function workerPid(name: string): number {
  const pid = clusterState().processes[name]?.pid;
  if (pid === undefined) throw new Error(`no ${name} in the cluster's state file`);
  return pid;
}

/** Worker identities are the SDK default `<pid>@<hostname>`. */
export function pidOfIdentity(identity: string): number {
  return Number.parseInt(identity.split('@')[0] ?? '', 10);
}

export interface OrderIdentities {
  /** Workers that completed the order's workflow tasks (the I/O workers' `orders` pollers). */
  workflowWorkers: Set<number>;
  /** Workers that started its activities, by task queue. */
  activityWorkers: Map<string, Set<number>>;
}

/** Who did the work of one workflow, read from its history's events. */
export async function identitiesIn(client: Client, workflowId: string): Promise<OrderIdentities> {
  const events = await fetchEvents(client, workflowId);
  const workflowWorkers = new Set<number>();
  const activityWorkers = new Map<string, Set<number>>();
  const queueOfScheduled = new Map<number, string>();
  for (const event of events) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) queueOfScheduled.set(Number(event.eventId), scheduled.taskQueue?.name ?? '');
    const completed = event.workflowTaskCompletedEventAttributes;
    if (completed?.identity) workflowWorkers.add(pidOfIdentity(completed.identity));
    const started = event.activityTaskStartedEventAttributes;
    if (started?.identity) {
      const queue = queueOfScheduled.get(Number(started.scheduledEventId)) ?? '';
      const set = activityWorkers.get(queue) ?? new Set<number>();
      set.add(pidOfIdentity(started.identity));
      activityWorkers.set(queue, set);
    }
  }
  return { workflowWorkers, activityWorkers };
}

export function orderIdentities(client: Client, orderId: string): Promise<OrderIdentities> {
  return identitiesIn(client, orderWorkflowId(orderId));
}
