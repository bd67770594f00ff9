import { loadConfig } from '../../src/platform/config';
import { OrderFactory } from '../load/orders';
import { runClosedLoop, runOrder, type OrderOutcome } from '../load/order-runs';
import { directScoringMs } from '../measure/direct-scoring';
import { idealCriticalPath, type IdealPath } from '../measure/ideal-path';
import { orderCost, type OrderCost } from '../measure/order-cost';
import { outcomeFigures, sampleRuns, scoringInputs, type OutcomeFigures } from '../measure/outcomes';
import { ratio, round } from '../measure/stats';
import { timeBreakdown, type TimeBreakdown } from '../measure/time-breakdown';
import type { ScenarioContext } from './scenario';

export interface LatencyRunOptions {
  label: string;
  carriers: number;
  partnerLatencyMs: number;
  warmupOrders: number;
  orders: number;
  concurrency: number;
  sampledHistories: number;
}

export interface LatencyRun {
  outcomes: OrderOutcome[];
  figures: OutcomeFigures;
  ideal: IdealPath | null;
  directScoring: { p50Ms: number | null; candidatesP50: number | null };
  /** e2e p50 minus the ideal critical path. */
  overheadP50Ms: number | null;
  overIdealP50: number | null;
  whereTheTimeGoes: TimeBreakdown;
  /** History events, workflow tasks and activity tasks per happy-path order, from the sampled histories. */
  cost: OrderCost;
}

/**
 * Orders at light, steady load against fresh workers, with every partner answering after a fixed
 * latency, compared with the ideal critical path computed from that latency and the scorer's
 * compute time measured here, on the inputs these orders actually sent.
 */
export async function measureOrderLatency(context: ScenarioContext, options: LatencyRunOptions): Promise<LatencyRun> {
  const { stack, progress } = context;
  await stack.partners.ready(options.carriers);
  await stack.partners.setLatency(options.partnerLatencyMs);
  const workers = await stack.startWorkers({ label: options.label });
  try {
    const factory = new OrderFactory(`B-${options.label}-${stack.runTag}`);
    const next = () => runOrder(workers.driver, factory.create());
    await runClosedLoop({
      count: options.warmupOrders,
      concurrency: options.concurrency,
      next,
      onDone: () => progress.tick(`${options.label} warm-up`),
    });
    const outcomes = await runClosedLoop({
      count: options.orders,
      concurrency: options.concurrency,
      next,
      onDone: () => progress.tick(options.label),
    });
    progress.note(`${options.label}: reading histories`);
    const runs = await sampleRuns(stack.client, outcomes, options.sampledHistories);
    const directScoring = directScoringMs(scoringInputs(runs), loadConfig().roadNetwork);
    const figures = outcomeFigures(outcomes);
    const ideal =
      directScoring.p50Ms === null
        ? null
        : idealCriticalPath({
            partnerLatencyMs: options.partnerLatencyMs,
            carriers: options.carriers,
            scoringMs: directScoring.p50Ms,
          });
    const p50 = figures.e2eMs.p50;
    return {
      outcomes,
      figures,
      ideal,
      directScoring,
      overheadP50Ms: p50 === null || ideal === null ? null : round(p50 - ideal.totalMs),
      overIdealP50: ratio(p50, ideal?.totalMs),
      whereTheTimeGoes: timeBreakdown(runs, options.partnerLatencyMs),
      cost: orderCost(runs),
    };
  } finally {
    await workers.stop();
  }
}
