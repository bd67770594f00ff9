import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { FAILED_PARTNER } from '../../src/contracts/search-attributes';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/platform/config';
import { WORKER_SIZING } from '../../src/workers/sizing';
import { OrderFactory } from '../load/orders';
import { placeAtRate, runClosedLoop, runOrder } from '../load/order-runs';
import { median, round } from '../measure/stats';
import type { StatsSnapshot } from '../../src/dev/partner-simulator/admin-types';
import type { WorkerMetricsSnapshot } from '../stack/metrics-client';
import type { WorkerChild } from '../stack/worker-children';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { sized, type ScenarioContext, type Scenario } from './scenario';

const FAST_LATENCY_MS = 20;
/** Longer than authorize's 10 s startToClose: each attempt times out and is retried, and the order keeps waiting. */
const SLOW_PAYMENTS_MS = 30_000;
const TARGET_IN_FLIGHT = 1_000;

interface Size {
  orders: number;
  placeRatePerSec: number;
  waitMs: number;
  warmupOrders: number;
}

/**
 * I/O worker memory per order in flight: orders pile up waiting on a slow payments partner, and the
 * worker's RSS with them in flight is compared with its RSS after warm-up and before the pile-up.
 * Measured with the product's settings: a bounded cache sized from the heap (src/workers/sizing.ts).
 */
export const memoryScenario: Scenario = {
  name: 'memory',
  title: `I/O worker RSS with ${TARGET_IN_FLIGHT} orders in flight`,
  async run(context) {
    const size: Size = sized(context.profile, {
      smoke: { orders: 10, placeRatePerSec: 20, waitMs: 20_000, warmupOrders: 2 },
      quick: { orders: 120, placeRatePerSec: 60, waitMs: 30_000, warmupOrders: 4 },
      // Counted from the first order placed: the sample ends before the first orders' 2-minute
      // authorization budget does, so no order has ended for want of its authorization.
      full: { orders: 1_000, placeRatePerSec: 60, waitMs: 105_000, warmupOrders: 20 },
    });
    context.progress.setTotal(size.warmupOrders + size.orders);
    const productDefault = await measurePileUp(context, size, 'default', {});
    const summaryValue = productDefault.inFlight > 0 ? productDefault.rssMbAt1000InFlight : null;
    return {
      headline: `${productDefault.inFlight} in flight: RSS ${productDefault.idle.rssMb} -> ${productDefault.loaded.rssMb} MB, ${productDefault.perOrderKb} KB/order`,
      settings: {
        ordersPlaced: size.orders,
        partnerLatencyMs: FAST_LATENCY_MS,
        paymentsAuthorizeLatencyMs: SLOW_PAYMENTS_MS,
        carriers: DEFAULT_CARRIERS,
        ioActivitySlots: size.orders + 200,
        partnerConnections: size.orders + 50,
        ioWorkflowSlots: loadConfig().ioWorkflowSlots,
        cachedWorkflows: loadConfig().ioCachedWorkflows,
        ioHeapMb: WORKER_SIZING.io.heapMb,
        warmupOrders: size.warmupOrders,
        measuredWhen: `every placed order has asked the payments partner for its authorization (or ${size.waitMs / 1000} s after the first was placed), before any authorization budget ends`,
      },
      figures: { productDefault },
      summary: { io_worker_rss_mb_1000_inflight: summaryValue },
      summaryNotes:
        productDefault.inFlight >= TARGET_IN_FLIGHT
          ? {}
          : {
              io_worker_rss_mb_1000_inflight: `extrapolated from ${productDefault.inFlight} orders in flight (profile ${context.profile})`,
            },
    };
  },
};

async function measurePileUp(context: ScenarioContext, size: Size, label: string, extraEnv: Record<string, string>) {
  const { stack, progress } = context;
  const simulator = await stack.partners.ready(DEFAULT_CARRIERS);
  await stack.partners.setLatency(FAST_LATENCY_MS);
  // Enough slots and sockets that every waiting authorization is a real call on a real socket.
  const ioEnv = {
    ORDEROPS_IO_ACTIVITY_SLOTS: String(size.orders + 200),
    ORDEROPS_PARTNER_CONNECTIONS: String(size.orders + 50),
    ...extraEnv,
  };
  const workers = await stack.startWorkers({ label: `memory-${label}`, io: ioEnv });
  const io = workers.io as WorkerChild;
  try {
    const factory = new OrderFactory(`B-memory-${label}-${stack.runTag}`);
    // Warm-up: code paths compiled, pools and the workflow context created, so "idle" is a worker that has worked.
    await runClosedLoop({
      count: size.warmupOrders,
      concurrency: 4,
      next: () => runOrder(workers.driver, factory.create()),
      onDone: () => progress.tick(`${label} warm-up`),
    });
    await quiet(io);
    const idle = await sampleMemory(io, 4);

    await stack.partners.setLatency(FAST_LATENCY_MS, [{ target: 'payments.authorize', latency: SLOW_PAYMENTS_MS }]);
    await simulator.admin.resetStats();
    progress.note(`${label}: placing ${size.orders} orders`);
    const placingStarted = performance.now();
    await placeAtRate(workers.driver, {
      ratePerSec: size.placeRatePerSec,
      count: size.orders,
      create: () => factory.create(),
      onPlaced: () => progress.tick(label),
    });
    const waited = await waitUntilAllAsked(
      () => simulator.admin.stats(),
      size.orders,
      placingStarted + size.waitMs,
      (asked, open) => progress.note(`${label}: ${asked} orders have asked for their authorization, ${open} open now`),
    );
    // No wait for the worker to go quiet: attempts time out and retry all along, so it never does.
    const loaded = await sampleMemory(io, 5);
    const sampledAfterMs = Math.round(performance.now() - placingStarted);
    // In flight: started and not ended (none can complete without its authorization; one whose
    // authorization budget ran out has ended), counted by the server right after the sample.
    const running = await runningOrders(workers.driver.client, workers.queues.orders);
    const ended = await endedOrders(workers.driver.client, workers.queues.orders);
    const atPartner = await simulator.admin.stats();
    const inFlight = Math.min(running, waited.asked);

    const perOrderMb = (loaded.rssMb - idle.rssMb) / Math.max(inFlight, 1);
    return {
      idle,
      loaded,
      inFlight,
      runningOrders: running,
      endedBeforeSample: ended,
      askedForAuthorization: waited.asked,
      authorizationsOpenAtSample: atPartner.inFlight['payments.authorize'] ?? 0,
      allAskedAfterMs: waited.reachedAll ? Math.round(waited.at - placingStarted) : null,
      sampledAfterMs,
      perOrderKb: round(perOrderMb * 1024),
      heapPerOrderKb: round(((loaded.heapUsedMb - idle.heapUsedMb) / Math.max(inFlight, 1)) * 1024),
      rssMbAt1000InFlight: round(idle.rssMb + perOrderMb * TARGET_IN_FLIGHT),
      rssMbAt1000Basis:
        inFlight >= TARGET_IN_FLIGHT
          ? 'measured with 1,000 in flight'
          : `idle + 1,000 x the per-order figure measured with ${inFlight} in flight`,
    };
  } finally {
    await workers.stop();
  }
}

/** Waits (up to 10 s) until the worker's CPU drops below 20% of a core over 2 s: the pile-up has been absorbed. */
async function quiet(io: WorkerChild): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 10_000) {
    await io.metrics.reset();
    await sleep(2_000);
    if ((await io.metrics.read()).cpuPercent < 20) break;
  }
  return Math.round(performance.now() - started);
}

async function sampleMemory(io: WorkerChild, samples: number) {
  const readings: WorkerMetricsSnapshot[] = [];
  for (let i = 0; i < samples; i++) {
    readings.push(await io.metrics.read());
    await sleep(500);
  }
  const mid = (pick: (r: WorkerMetricsSnapshot) => number): number => median(readings.map(pick)) as number;
  return {
    rssMb: mid((r) => r.rssMb),
    heapUsedMb: mid((r) => r.heapUsedMb),
    heapTotalMb: mid((r) => r.heapTotalMb),
    externalMb: mid((r) => r.externalMb),
    // The main thread's heap is not the whole story: workflows live in a worker thread's isolate, Core in Rust.
    process: processMemory(io.pid),
  };
}

/** Anonymous (heaps, malloc) versus file-backed (code) resident memory, and threads, from /proc (Linux). */
function processMemory(pid: number | undefined): { rssAnonMb: number; rssFileMb: number; threads: number } | null {
  if (pid === undefined) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
    return {
      rssAnonMb: round(field('RssAnon') / 1024),
      rssFileMb: round(field('RssFile') / 1024),
      threads: field('Threads'),
    } as { rssAnonMb: number; rssFileMb: number; threads: number };
  } catch {
    return null;
  }
}

/**
 * Waits until every placed order has asked the payments partner for its authorization (distinct
 * idempotency keys: a retried attempt counts once), or until `deadline` (a performance.now() time).
 * An attempt times out after 10 s and is retried after a back-off, so how many are open at one
 * moment says less.
 */
async function waitUntilAllAsked(
  stats: () => Promise<StatsSnapshot>,
  orders: number,
  deadline: number,
  report: (asked: number, open: number) => void,
): Promise<{ asked: number; reachedAll: boolean; at: number }> {
  let asked = 0;
  while (performance.now() < deadline) {
    const snapshot = await stats();
    asked = snapshot.distinctKeys['payments.authorize'] ?? 0;
    report(asked, snapshot.inFlight['payments.authorize'] ?? 0);
    if (asked >= orders) return { asked, reachedAll: true, at: performance.now() };
    await sleep(1_000);
  }
  return { asked, reachedAll: false, at: performance.now() };
}

/** Orders that ended before the sample, by how they ended (`FailedPartner` names who refused or timed out). */
async function endedOrders(client: Client, ordersQueue: string): Promise<Record<string, number>> {
  const byOutcome: Record<string, number> = {};
  for await (const execution of client.workflow.list({
    query: `TaskQueue = '${ordersQueue}' AND ExecutionStatus != 'Running'`,
  })) {
    const failedPartner = execution.typedSearchAttributes.get(FAILED_PARTNER);
    const why = failedPartner ? ` (${failedPartner}: ${await failureType(client, execution.workflowId)})` : '';
    const outcome = `${execution.status.name}${why}`;
    byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
  }
  return byOutcome;
}

/** The failure type a rejected order ended with, e.g. `Timeout:SCHEDULE_TO_CLOSE`. */
async function failureType(client: Client, workflowId: string): Promise<string> {
  try {
    await client.workflow.getHandle(workflowId).result();
    return 'none';
  } catch (err) {
    const cause = (err as { cause?: { type?: string } }).cause;
    return cause?.type ?? 'unknown';
  }
}

/** Orders on this scenario's queue that have started and not ended, as the server counts them. */
async function runningOrders(client: Client, ordersQueue: string): Promise<number> {
  const { count } = await client.workflow.count(`TaskQueue = '${ordersQueue}' AND ExecutionStatus = 'Running'`);
  return count;
}
