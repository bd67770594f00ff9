import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_QUEUES } from '../../src/contracts/task-queues';
import { sampleOrder } from '../../src/domain/sample-order';
import { eventually } from '../support/eventually';
import { connectToCluster, orderIdentities, workerPid, type ClusterClient } from './support/cluster-client';

describe('orders on the Temporal cluster (four server processes on PostgreSQL, two workers of each kind)', () => {
  let cluster: ClusterClient;
  beforeAll(async () => {
    cluster = await connectToCluster();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('takes an order through the HTTP API and completes it, searchable by status', async () => {
    const order = sampleOrder({}, 'CL');
    const api = process.env.ORDEROPS_TEST_CLUSTER_API_URL as string;
    const placed = await request(`${api}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(placed.statusCode).toBe(202);
    await placed.body.dump();

    const view = await eventually(
      'the order to complete',
      async () => {
        const answer = await request(`${api}/orders/${order.orderId}`);
        const body = (await answer.body.json()) as { status: string; closedAt: string | null };
        return body.closedAt ? body : undefined;
      },
      120_000,
    );
    expect(view.status).toBe('COMPLETED');

    // Visibility on PostgreSQL, with the search attributes the cluster registered.
    const listed = await eventually('the order in a visibility query', async () => {
      for await (const execution of cluster.client.workflow.list({
        query: `OrderStatus = 'COMPLETED' AND CustomerId = '${order.customerId}' AND WorkflowId = 'order-${order.orderId}'`,
      })) {
        return execution.workflowId;
      }
      return undefined;
    });
    expect(listed).toBe(`order-${order.orderId}`);
  });

  it('spreads orders over both I/O workers and both CPU workers (the histories name both of each)', async () => {
    const io = new Set([workerPid('worker-io-1'), workerPid('worker-io-2')]);
    const cpu = new Set([workerPid('worker-cpu-1'), workerPid('worker-cpu-2')]);
    const seen = { workflow: new Set<number>(), partnerIo: new Set<number>(), scoring: new Set<number>() };
    // Which worker takes a task is the server's choice: place batches until both of each showed up
    // (two batches nearly always suffice; the cap only bounds a broken spread).
    for (
      let batch = 0;
      batch < 8 && !(seen.workflow.size >= 2 && seen.partnerIo.size >= 2 && seen.scoring.size >= 2);
      batch++
    ) {
      const orders = Array.from({ length: 6 }, () => sampleOrder({}, 'CL'));
      await Promise.all(orders.map((order) => cluster.orders.place(order)));
      const results = await Promise.all(orders.map((order) => cluster.orders.result(order.orderId)));
      expect(results.map((r) => r.status)).toEqual(orders.map(() => 'COMPLETED'));
      for (const order of orders) {
        const who = await orderIdentities(cluster.client, order.orderId);
        for (const pid of who.workflowWorkers) seen.workflow.add(pid);
        for (const pid of who.activityWorkers.get(DEFAULT_TASK_QUEUES.partnerIo) ?? []) seen.partnerIo.add(pid);
        for (const pid of who.activityWorkers.get(DEFAULT_TASK_QUEUES.routeScoring) ?? []) seen.scoring.add(pid);
      }
    }
    expect(seen.workflow).toEqual(io);
    expect(seen.partnerIo).toEqual(io);
    expect(seen.scoring).toEqual(cpu);
  });
});
