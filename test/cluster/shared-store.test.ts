import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../../src/contracts/task-queues';
import type { PartnerSyncInput } from '../../src/contracts/partner-sync-workflow';
import { PARTNER_SYNC_WORKFLOW } from '../../src/contracts/workflow-names';
import { sampleOrder } from '../../src/domain/sample-order';
import { waitForPollers } from '../../src/dev/stack/readiness';
import { PostgresPartnerStore } from '../../src/partner-data/store/postgres-partner-store';
import { exited } from '../support/worker-process';
import { connectToCluster, identitiesIn, orderIdentities, type ClusterClient } from './support/cluster-client';
import { ROOT } from './support/cluster-process';

/**
 * The point of the shared store: the sync's pages are written by whichever I/O worker ran them,
 * and every I/O worker plans orders from the same data. Two I/O worker processes of this test's
 * own (on task queues of their own, with a database of their own), one after the other, make
 * "written by one, read by the other" certain rather than likely.
 */
describe('one partner store on PostgreSQL shared by the I/O workers', () => {
  const suffix = randomUUID().slice(0, 8);
  const database = `store_test_${suffix}`;
  const queues: TaskQueues = {
    orders: `orders-${suffix}`,
    partnerIo: `partner-io-${suffix}`,
    routeScoring: DEFAULT_TASK_QUEUES.routeScoring,
  };
  let cluster: ClusterClient;
  let admin: pg.Client;
  const running: ChildProcess[] = [];

  const storeUrl = (): string =>
    (process.env.ORDEROPS_TEST_CLUSTER_STORE_URL as string).replace(/\/[^/]*$/, `/${database}`);
  const startIoWorker = async (): Promise<ChildProcess> => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'src/front-doors/cli/main.ts'), 'worker', 'io'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          ORDEROPS_ORDERS_QUEUE: queues.orders,
          ORDEROPS_PARTNER_IO_QUEUE: queues.partnerIo,
          ORDEROPS_ROUTE_SCORING_QUEUE: queues.routeScoring,
          ORDEROPS_STORE_URL: storeUrl(),
          ORDEROPS_DATA_DIR: path.join(os.tmpdir(), `orderops-${suffix}`),
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    running.push(child);
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    const options = { timeoutMs: 120_000, givenUp: () => child.exitCode !== null };
    expect(await waitForPollers(cluster.client, namespace, queues.orders, 'workflow', options)).toBe(true);
    expect(await waitForPollers(cluster.client, namespace, queues.partnerIo, 'activity', options)).toBe(true);
    return child;
  };
  const stopWorker = async (child: ChildProcess): Promise<void> => {
    child.kill('SIGTERM');
    await exited(child);
  };

  beforeAll(async () => {
    cluster = await connectToCluster(queues);
    admin = new pg.Client({ connectionString: process.env.ORDEROPS_TEST_CLUSTER_ADMIN_STORE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
  });
  afterAll(async () => {
    for (const child of running) if (child.exitCode === null && child.signalCode === null) await stopWorker(child);
    await cluster?.close();
    await admin?.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin?.end();
  });

  it('a sync written by one worker is what an order planned on the other worker uses', async () => {
    const writer = await startIoWorker();
    const sync = await cluster.client.workflow.start(PARTNER_SYNC_WORKFLOW, {
      workflowId: `store-test-sync-${suffix}`,
      taskQueue: queues.orders,
      args: [{ activityTaskQueue: queues.partnerIo } satisfies PartnerSyncInput],
    });
    const synced = (await sync.result()) as { status: string };
    expect(synced.status).toBe('complete');
    const syncWork = await identitiesIn(cluster.client, sync.workflowId);
    expect(syncWork.activityWorkers.get(queues.partnerIo)).toEqual(new Set([writer.pid]));
    await stopWorker(writer);

    const reader = await startIoWorker();
    const order = sampleOrder({}, 'ST');
    await cluster.orders.place(order);
    const result = await cluster.orders.result(order.orderId);
    expect(result.status).toBe('COMPLETED');
    expect(result.candidatesFrom).toMatch(/^synced store/);
    const orderWork = await orderIdentities(cluster.client, order.orderId);
    expect(orderWork.workflowWorkers).toEqual(new Set([reader.pid]));
    expect(reader.pid).not.toBe(writer.pid);

    // The warehouse it chose holds the order's items in the rows the writer synced.
    const store = await PostgresPartnerStore.open(storeUrl());
    try {
      const holding = await store.warehousesHolding(order.items.map(({ sku, quantity }) => ({ sku, quantity })));
      expect(holding.map((w) => w.warehouseId)).toContain(result.route?.warehouseId);
      expect((await store.syncState('stock')).rows).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });
});
