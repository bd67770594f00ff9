import { setTimeout as sleep } from 'node:timers/promises';
import { EVENT_LOOP_RESOLUTION_MS } from '../../src/platform/telemetry/metrics';
import { IO_WORKER_SCORING_INLINE } from '../inline-scoring/inline-worker-command';
import { OrderFactory } from '../load/orders';
import { placeAtRate } from '../load/order-runs';
import { startStackCpuWindow } from '../measure/cpu-window';
import { workflowRuns, type WorkflowRun } from '../measure/histories';
import { median, ratio, round } from '../measure/stats';
import { DEFAULT_CARRIERS } from '../stack/partners';
import type { ScenarioWorkers } from '../stack/bench-stack';
import { sized, type ScenarioContext, type Scenario } from './scenario';

const PARTNER_LATENCY_MS = 50;
/** The smallest lag worth telling apart from none: the ratio's denominator never goes below it. */
const LAG_FLOOR_MS = 1;

interface Size {
  networkNodes: number;
  ratePerSec: number;
  settleMs: number;
  windowMs: number;
  idleOrders: number;
}

/**
 * The I/O worker's event-loop delay while route scoring saturates the CPU: first with scoring in
 * the CPU worker's thread pool (the design), then with the same scoring inline on the I/O worker's
 * own event loop (the anti-pattern, bench/inline-scoring/), under the same order arrivals.
 */
export const isolationScenario: Scenario = {
  name: 'isolation',
  title: 'I/O event-loop delay: pool vs inline scoring',
  async run(context) {
    const size: Size = sized(context.profile, {
      smoke: { networkNodes: 20_000, ratePerSec: 2, settleMs: 1_000, windowMs: 2_000, idleOrders: 1 },
      quick: { networkNodes: 200_000, ratePerSec: 2, settleMs: 2_000, windowMs: 5_000, idleOrders: 2 },
      full: { networkNodes: 200_000, ratePerSec: 2, settleMs: 4_000, windowMs: 40_000, idleOrders: 6 },
    });
    const arrivals = Math.round((size.ratePerSec * (size.settleMs + size.windowMs)) / 1000);
    context.progress.setTotal(size.idleOrders + 2 * arrivals);
    await context.stack.partners.ready(DEFAULT_CARRIERS);
    await context.stack.partners.setLatency(PARTNER_LATENCY_MS);

    const pool = await measureWith(context, size, 'pool');
    const inline = await measureWith(context, size, 'inline');
    const poolP99 = pool.ioWorker.eventLoopDelayMs.p99;
    const inlineP99 = inline.ioWorker.eventLoopDelayMs.p99;
    return {
      headline: `I/O loop p99 ${poolP99} ms (late ${pool.ioWorker.eventLoopLatePercent}% of the time) with the pool, ${inlineP99} ms (${inline.ioWorker.eventLoopLatePercent}%) inline`,
      settings: {
        partnerLatencyMs: PARTNER_LATENCY_MS,
        carriers: DEFAULT_CARRIERS,
        roadNetworkNodes: size.networkNodes,
        arrivalsPerSec: size.ratePerSec,
        measuredWindowMs: size.windowMs,
        settleBeforeWindowMs: size.settleMs,
        eventLoopResolutionMs: EVENT_LOOP_RESOLUTION_MS,
        lagFloorMs: LAG_FLOOR_MS,
        pool: 'I/O worker + CPU worker (scoring threads = cores)',
        inline: 'one I/O worker that also scores on its event loop (bench/inline-scoring), no CPU worker',
      },
      figures: { pool, inline },
      summary: {
        io_lag_p99_ms: poolP99,
        inline_over_pool_lag_p99: ratio(inlineP99, Math.max(poolP99, LAG_FLOOR_MS), 1),
      },
      summaryNotes:
        poolP99 < LAG_FLOOR_MS
          ? { inline_over_pool_lag_p99: `pool p99 was ${poolP99} ms; divided by the ${LAG_FLOOR_MS} ms floor` }
          : {},
    };
  },
};

async function measureWith(context: ScenarioContext, size: Size, mode: 'pool' | 'inline') {
  const { stack, progress } = context;
  const nodes = { ORDEROPS_ROAD_NETWORK_NODES: String(size.networkNodes) };
  const inline = mode === 'inline';
  const workers = await stack.startWorkers({
    label: `isolation-${mode}`,
    io: nodes,
    ioCommand: inline ? IO_WORKER_SCORING_INLINE : undefined,
    cpu: false,
  });
  try {
    const factory = new OrderFactory(`B-isolation-${mode}-${stack.runTag}`);
    // With no scorer polling yet, these orders' partner phase runs with the CPU idle: the reference.
    const idle = inline
      ? []
      : await placeAtRate(workers.driver, {
          ratePerSec: 1,
          count: size.idleOrders,
          create: () => factory.create(),
          onPlaced: () => progress.tick('idle reference'),
        });
    if (!inline) {
      await sleep(1_500);
      await workers.addWorker('cpu', nodes);
    }
    const io = workers.io as NonNullable<ScenarioWorkers['io']>;
    const count = Math.round((size.ratePerSec * (size.settleMs + size.windowMs)) / 1000);
    const settled = sleep(size.settleMs).then(async () => {
      await io.metrics.reset();
      await workers.cpu?.metrics.reset();
      return startStackCpuWindow(stack.temporal.pid, workers);
    });
    progress.note(`isolation: ${mode}`);
    const placed = await placeAtRate(workers.driver, {
      ratePerSec: size.ratePerSec,
      count,
      create: () => factory.create(),
      onPlaced: () => progress.tick(mode),
    });
    const cpu = await settled;
    const ioWorker = await io.metrics.read();
    const cpuWorker = await workers.cpu?.metrics.read();
    const cpuShares = cpu.stop();
    const exit = io.unexpectedExit();
    if (exit) throw new Error(exit);
    return {
      ioWorker,
      cpuWorker: cpuWorker ?? null,
      cpuPercentOfOneCore: cpuShares,
      partnerPhaseP50Ms: {
        idle: partnerPhaseP50(await workflowRuns(stack.client, idle)),
        // Orders that arrived early in the window have had time to reach scoring when this is read.
        duringLoad: partnerPhaseP50(
          await workflowRuns(stack.client, placed.slice(settledCount(size), settledCount(size) + 10)),
        ),
      },
    };
  } finally {
    await workers.stop();
  }
}

function settledCount(size: Size): number {
  return Math.round((size.ratePerSec * size.settleMs) / 1000);
}

/** Workflow start until scoring was scheduled: the order's partner calls, which the I/O worker runs. */
function partnerPhaseP50(runs: readonly WorkflowRun[]): number | null {
  const phases = runs.flatMap((run) => {
    const scoring = run.activities.find((activity) => activity.activityType === 'scoreRoutes');
    return scoring ? [scoring.scheduledAt - run.startedAt] : [];
  });
  return round(median(phases));
}
