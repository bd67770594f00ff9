import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/shared/config';
import { OrderFactory } from '../load/orders';
import { placeAtRate, runClosedLoop, runOrder } from '../load/order-runs';
import { median, round } from '../measure/stats';
import type { WorkerChild } from '../stack/worker-children';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { sized, type Scenario } from './scenario';

const FAST_LATENCY_MS = 20;
/** Longer than authorize's 10 s startToClose: each attempt times out and is retried, and the order keeps waiting. */
const SLOW_PAYMENTS_MS = 30_000;
const TARGET_IN_FLIGHT = 1_000;

/**
 * I/O worker memory per order in flight: orders pile up waiting on a slow payments partner, and the
 * worker's RSS with them in flight is compared with its RSS after warm-up and before the pile-up.
 */
export const memoryScenario: Scenario = {
  name: 'memory',
  title: `I/O worker RSS with ${TARGET_IN_FLIGHT} orders in flight`,
  async run(context) {
    const { stack, progress } = context;
    const size = sized(context.profile, {
      smoke: { orders: 10, placeRatePerSec: 20, waitMs: 20_000, warmupOrders: 2 },
      quick: { orders: 250, placeRatePerSec: 60, waitMs: 60_000, warmupOrders: 6 },
      full: { orders: 1_000, placeRatePerSec: 60, waitMs: 150_000, warmupOrders: 20 },
    });
    progress.setTotal(size.warmupOrders + size.orders);
    const simulator = await stack.partners.ready(DEFAULT_CARRIERS);
    await stack.partners.setLatency(FAST_LATENCY_MS);
    // Enough slots and sockets that every waiting authorization is a real call on a real socket.
    const ioEnv = { ORDEROPS_IO_ACTIVITY_SLOTS: String(size.orders + 200), ORDEROPS_PARTNER_CONNECTIONS: String(size.orders + 50) };
    const workers = await stack.startWorkers({ label: 'memory', io: ioEnv });
    const io = workers.io as WorkerChild;
    try {
      const factory = new OrderFactory(`B-memory-${stack.runTag}`);
      // Warm-up: code paths compiled, pools and the workflow context created, so "idle" is a worker that has worked.
      await runClosedLoop({ count: size.warmupOrders, concurrency: 4, next: () => runOrder(workers.driver, factory.create()), onDone: () => progress.tick('warm-up') });
      await sleep(2_000);
      const idle = await sampleMemory(io, 4);

      await stack.partners.setLatency(FAST_LATENCY_MS, [{ target: 'payments.authorize', latency: SLOW_PAYMENTS_MS }]);
      progress.note(`memory: placing ${size.orders} orders`);
      await placeAtRate(workers.driver, { ratePerSec: size.placeRatePerSec, count: size.orders, create: () => factory.create() });
      const waited = await waitForWaitingAuthorizations(() => simulator.admin.stats(), size.orders, size.waitMs, (n) => progress.note(`memory: ${n} waiting on payments`));
      const loaded = await sampleMemory(io, 5);
      for (let i = 0; i < size.orders; i++) progress.tick('in flight');

      const inFlight = Math.max(waited.inFlight, 1);
      const perOrderMb = (loaded.rssMb - idle.rssMb) / inFlight;
      const rssAt1000 = round(idle.rssMb + perOrderMb * TARGET_IN_FLIGHT);
      return {
        headline: `${waited.inFlight} in flight: RSS ${idle.rssMb} -> ${loaded.rssMb} MB, ${round(perOrderMb * 1024)} KB per order`,
        settings: {
          ordersPlaced: size.orders,
          partnerLatencyMs: FAST_LATENCY_MS,
          paymentsAuthorizeLatencyMs: SLOW_PAYMENTS_MS,
          carriers: DEFAULT_CARRIERS,
          ioActivitySlots: Number(ioEnv.ORDEROPS_IO_ACTIVITY_SLOTS),
          partnerConnections: Number(ioEnv.ORDEROPS_PARTNER_CONNECTIONS),
          ioWorkflowSlots: loadConfig().ioWorkflowSlots,
          warmupOrders: size.warmupOrders,
        },
        figures: {
          idle,
          loaded,
          authorizationsInFlight: waited.inFlight,
          reachedAllInMs: waited.reachedAll ? waited.elapsedMs : null,
          perOrderKb: round(perOrderMb * 1024),
          heapPerOrderKb: round(((loaded.heapUsedMb - idle.heapUsedMb) / inFlight) * 1024),
          rssMbAt1000InFlight: rssAt1000,
          rssMbAt1000Basis: waited.inFlight >= TARGET_IN_FLIGHT ? 'measured with 1,000 in flight' : `idle + 1,000 x the per-order figure measured with ${waited.inFlight} in flight`,
        },
        summary: { io_worker_rss_mb_1000_inflight: waited.inFlight > 0 ? rssAt1000 : null },
        summaryNotes: waited.inFlight >= TARGET_IN_FLIGHT ? {} : { io_worker_rss_mb_1000_inflight: `extrapolated from ${waited.inFlight} orders in flight (profile ${context.profile})` },
      };
    } finally {
      await workers.stop();
    }
  },
};

async function sampleMemory(io: WorkerChild, samples: number): Promise<{ rssMb: number; heapUsedMb: number }> {
  const rss: number[] = [];
  const heap: number[] = [];
  for (let i = 0; i < samples; i++) {
    const snapshot = await io.metrics.read();
    rss.push(snapshot.rssMb);
    heap.push(snapshot.heapUsedMb);
    await sleep(500);
  }
  return { rssMb: median(rss) as number, heapUsedMb: median(heap) as number };
}

/** Waits until the payments partner holds (nearly) every order's authorization open, or gives up. */
async function waitForWaitingAuthorizations(
  stats: () => Promise<{ inFlight: Record<string, number> }>,
  orders: number,
  waitMs: number,
  report: (inFlight: number) => void,
): Promise<{ inFlight: number; reachedAll: boolean; elapsedMs: number }> {
  const started = performance.now();
  // An attempt times out every 10 s and its retry waits ~0.5 s, so a few are always between attempts.
  const enough = Math.floor(orders * 0.95);
  let best = 0;
  while (performance.now() - started < waitMs) {
    const inFlight = (await stats()).inFlight['payments.authorize'] ?? 0;
    best = Math.max(best, inFlight);
    report(inFlight);
    if (inFlight >= enough) return { inFlight, reachedAll: true, elapsedMs: Math.round(performance.now() - started) };
    await sleep(1_000);
  }
  return { inFlight: best, reachedAll: false, elapsedMs: Math.round(performance.now() - started) };
}
