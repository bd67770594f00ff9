import { setTimeout as sleep } from 'node:timers/promises';
import { terminateLeftovers } from '../load/cleanup';
import { OrderFactory } from '../load/orders';
import { runOpenLoop, runOrder, type OrderOutcome } from '../load/order-runs';
import { startStackCpuWindow, type CpuShares } from '../measure/cpu-window';
import { outcomeFigures, type OutcomeFigures } from '../measure/outcomes';
import { round } from '../measure/stats';
import type { ScenarioWorkers } from '../stack/bench-stack';
import type { BenchTemporal } from '../stack/temporal';
import type { ScenarioContext } from './scenario';

export const P99_LIMIT_MS = 2_000;
/** Other tenants of a shared host using more than this (% of one core) during a failed step: it is run again, once. */
const DISTURBED_PERCENT = 30;

export interface StepResult extends OutcomeFigures {
  offeredPerSec: number;
  /** Completed orders over the time from the first arrival to the last completion. */
  achievedPerSec: number | null;
  sustained: boolean;
  cpuPercentOfOneCore: CpuShares;
  /** Set on a step that failed while the host was busy with other work, and was run again. */
  disturbed?: true;
}

/**
 * Open-loop arrivals at each rate in turn, until one is not sustained: an order failed or did not
 * finish, or p99 end-to-end passed the limit. Each step ends with nothing left running.
 */
export async function stepUpLoad(
  context: ScenarioContext,
  workers: ScenarioWorkers,
  options: { label: string; rates: number[]; stepMs: number; server: BenchTemporal; giveUpAfterMs: number },
): Promise<{ steps: StepResult[]; best: { step: StepResult; outcomes: OrderOutcome[] } | undefined }> {
  const { stack, progress } = context;
  const factory = new OrderFactory(`B-${options.label}-${stack.runTag}`);
  const steps: StepResult[] = [];
  let best: { step: StepResult; outcomes: OrderOutcome[] } | undefined;
  const queue = [...options.rates];
  let repeated = false;
  for (let rate = queue.shift(); rate !== undefined; rate = queue.shift()) {
    progress.note(`${options.label}: ${rate} orders/s`);
    const cpu = startStackCpuWindow(options.server.pid, workers);
    const outcomes = await runOpenLoop({
      ratePerSec: rate,
      durationMs: options.stepMs,
      next: () => runOrder(workers.driver, factory.create()),
      onDone: () => progress.tick(`${options.label} ${rate}/s`),
      giveUpAfterMs: options.giveUpAfterMs,
    });
    const step = stepResult(rate, outcomes, cpu.stop());
    steps.push(step);
    if (step.sustained) best = { step, outcomes };
    await terminateLeftovers(
      workers.driver.client,
      workers.queues.orders,
      workers.driver.inFlight,
      'load step finished',
    );
    workers.driver.inFlight.clear();
    const disturbed = (step.cpuPercentOfOneCore.unaccounted ?? 0) > DISTURBED_PERCENT;
    if (!step.sustained && disturbed && !repeated) {
      step.disturbed = true;
      repeated = true;
      queue.unshift(rate);
    } else if (!step.sustained) {
      break;
    }
    await sleep(1_000);
  }
  return { steps, best };
}

function stepResult(rate: number, outcomes: OrderOutcome[], cpu: CpuShares): StepResult {
  const figures = outcomeFigures(outcomes);
  const finished = outcomes.filter((outcome) => outcome.ok);
  const firstStart = Math.min(...outcomes.map((outcome) => outcome.startedAt).filter(Number.isFinite));
  const lastEnd = Math.max(...finished.map((outcome) => outcome.startedAt + outcome.e2eMs));
  const spanMs = lastEnd - firstStart;
  return {
    offeredPerSec: rate,
    ...figures,
    achievedPerSec: finished.length > 0 && spanMs > 0 ? round((finished.length * 1000) / spanMs, 2) : null,
    sustained: figures.failed === 0 && figures.e2eMs.p99 !== null && figures.e2eMs.p99 < P99_LIMIT_MS,
    cpuPercentOfOneCore: cpu,
  };
}
