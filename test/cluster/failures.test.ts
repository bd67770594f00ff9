import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TASK_QUEUES } from '../../src/contracts/task-queues';
import { sampleOrder } from '../../src/domain/sample-order';
import { SimulatorAdmin } from '../../src/dev/partner-simulator';
import type { FaultSpec } from '../../src/dev/partner-simulator/faults/spec';
import { eventually } from '../support/eventually';
import {
  clusterState,
  connectToCluster,
  orderIdentities,
  workerPid,
  type ClusterClient,
} from './support/cluster-client';
import { isRunning, readPid } from './support/cluster-process';

/** Orders held at the payment authorization long enough to kill something under them. */
const HOLD: FaultSpec = { rules: [{ target: 'payments.authorize', latency: 5_000 }] };
const ORDERS_IN_FLIGHT = 8;

describe('the cluster loses no order when its processes die', () => {
  let cluster: ClusterClient;
  let partners: SimulatorAdmin;
  beforeAll(async () => {
    cluster = await connectToCluster();
    partners = new SimulatorAdmin(process.env.ORDEROPS_PARTNERS_URL as string);
  });
  afterEach(async () => {
    await partners.clearFaults();
  });
  afterAll(async () => {
    await cluster?.close();
  });

  async function placeAndHold(prefix: string) {
    await partners.setFaults(HOLD);
    const orders = Array.from({ length: ORDERS_IN_FLIGHT }, () => sampleOrder({}, prefix));
    await Promise.all(orders.map((order) => cluster.orders.place(order)));
    await eventually(
      'every order to be waiting on its payment authorization',
      async () => {
        const stats = await partners.stats();
        return (stats.inFlight['payments.authorize'] ?? 0) >= ORDERS_IN_FLIGHT ? true : undefined;
      },
      60_000,
    );
    return orders;
  }

  it('kill -9 of one I/O worker and one CPU worker mid-order: every order completes, on the workers that survived', async () => {
    const victims = { io: workerPid('worker-io-1'), cpu: workerPid('worker-cpu-1') };
    const survivors = { io: workerPid('worker-io-2'), cpu: workerPid('worker-cpu-2') };
    const orders = await placeAndHold('KILL');
    const before = await Promise.all(orders.map((order) => orderIdentities(cluster.client, order.orderId)));
    // Both workers had orders: which took which is the server's choice, so this only documents it.
    const onVictim = orders.filter((_, i) => before[i]?.workflowWorkers.has(victims.io));
    process.kill(victims.io, 'SIGKILL');
    process.kill(victims.cpu, 'SIGKILL');
    await partners.clearFaults();

    const results = await Promise.all(orders.map((order) => cluster.orders.result(order.orderId)));
    expect(results.map((r) => r.status)).toEqual(orders.map(() => 'COMPLETED'));

    const after = await Promise.all(orders.map((order) => orderIdentities(cluster.client, order.orderId)));
    for (const who of after) {
      // Scoring comes after the authorization, so every scoring ran after the kill: never on the dead worker.
      const scoredBy = [...(who.activityWorkers.get(DEFAULT_TASK_QUEUES.routeScoring) ?? [])];
      expect(scoredBy.length).toBeGreaterThan(0);
      expect(scoredBy).not.toContain(victims.cpu);
    }
    // An order the dead I/O worker was running was finished by another worker (its history names both).
    for (const order of onVictim) {
      const who = after[orders.indexOf(order)];
      expect(who?.workflowWorkers.has(victims.io)).toBe(true);
      expect([...(who?.workflowWorkers ?? [])].some((pid) => pid !== victims.io)).toBe(true);
    }
    expect([...after.flatMap((who) => [...who.workflowWorkers])]).toContain(survivors.io);
    expect(isRunning(victims.io) || isRunning(victims.cpu)).toBe(false);
    // The supervisor replaced both, as an orchestrator would.
    await eventually('the killed workers to be replaced', async () =>
      workerPid('worker-io-1') !== victims.io && workerPid('worker-cpu-1') !== victims.cpu ? true : undefined,
    );
  });

  // History owns the orders' state; matching owns the task queues and the workers' long polls.
  // Either dying must cost time, never an order.
  for (const service of ['history', 'matching'] as const) {
    it(`kill -9 of the ${service} service mid-order: it is restarted on the same database and every order completes`, async () => {
      const pidFile = clusterState().processes[service]?.pidFile as string;
      const victim = readPid(pidFile) as number;
      expect(isRunning(victim)).toBe(true);
      const orders = await placeAndHold(service === 'history' ? 'HIST' : 'MATCH');

      process.kill(victim, 'SIGKILL');
      const restarted = await eventually(
        `${service} to be running again`,
        async () => {
          const pid = readPid(pidFile);
          return pid !== undefined && pid !== victim && isRunning(pid) ? pid : undefined;
        },
        60_000,
      );
      await partners.clearFaults();

      const results = await Promise.all(orders.map((order) => cluster.orders.result(order.orderId)));
      expect(results.map((r) => r.status)).toEqual(orders.map(() => 'COMPLETED'));
      expect(isRunning(restarted)).toBe(true);
      // Nothing was lost: each order's history is whole and its status searchable.
      for (const order of orders) {
        const view = await cluster.orders.get(order.orderId);
        expect(view.status).toBe('COMPLETED');
        expect(view.closedAt).not.toBeNull();
      }
    });
  }
});
