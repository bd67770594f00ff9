import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/platform/config';
import { WORKER_SIZING } from '../../src/workers/sizing';
import { OrderFactory } from '../load/orders';
import { placeAtRate, runClosedLoop, runOrder } from '../load/order-runs';
import { median, round } from '../measure/stats';
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
      full: { orders: 1_000, placeRatePerSec: 60, waitMs: 180_000, warmupOrders: 20 },
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
        measuredWhen: 'the payments partner holds >= 95% of the authorizations open and the worker has gone quiet',
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
    progress.note(`${label}: placing ${size.orders} orders`);
    await placeAtRate(workers.driver, {
      ratePerSec: size.placeRatePerSec,
      count: size.orders,
      create: () => factory.create(),
      onPlaced: () => progress.tick(label),
    });
    const waited = await waitForWaitingAuthorizations(
      () => simulator.admin.stats(),
      size.orders,
      size.waitMs,
      (n) => progress.note(`${label}: ${n} waiting on payments`),
    );
    const quietAfterMs = await quiet(io);
    const loaded = await sampleMemory(io, 5);
    // Every placed order is in flight (none can finish without its authorization); the simulator's
    // count also holds attempts that timed out and are still being abandoned, so it only gates the wait.
    const inFlight = waited.reachedAll ? size.orders : Math.min(waited.inFlight, size.orders);

    const perOrderMb = (loaded.rssMb - idle.rssMb) / Math.max(inFlight, 1);
    return {
      idle,
      loaded,
      inFlight,
      authorizationsOpenAtPartner: waited.inFlight,
      reachedInMs: waited.reachedAll ? waited.elapsedMs : null,
      quietAfterMs,
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

const PLATEAU_MS = 10_000;

/**
 * Waits until the payments partner holds the orders' authorizations open: 95% of them, or a plateau
 * above 80% (an attempt times out every 10 s and its retry waits ~0.5 s, so some are always between
 * attempts), or gives up after `waitMs`.
 */
async function waitForWaitingAuthorizations(
  stats: () => Promise<{ inFlight: Record<string, number> }>,
  orders: number,
  waitMs: number,
  report: (inFlight: number) => void,
): Promise<{ inFlight: number; reachedAll: boolean; elapsedMs: number }> {
  const started = performance.now();
  let best = 0;
  let grewAt = started;
  while (performance.now() - started < waitMs) {
    const inFlight = (await stats()).inFlight['payments.authorize'] ?? 0;
    if (inFlight > best) {
      best = inFlight;
      grewAt = performance.now();
    }
    report(inFlight);
    const plateau = best >= orders * 0.8 && performance.now() - grewAt > PLATEAU_MS;
    if (inFlight >= orders * 0.95 || plateau)
      return { inFlight: best, reachedAll: true, elapsedMs: Math.round(performance.now() - started) };
    await sleep(1_000);
  }
  return { inFlight: best, reachedAll: false, elapsedMs: Math.round(performance.now() - started) };
}
