import type { Client } from '@temporalio/client';
import type { ScoreRoutesInput } from '../../src/activities/scoring-activities';
import type { OrderOutcome } from '../load/order-runs';
import { workflowRuns, type WorkflowRun } from './histories';
import { distribution, type Distribution } from './stats';

export interface OutcomeFigures {
  orders: number;
  completed: number;
  failed: number;
  e2eMs: Distribution;
  /** The first few distinct failure messages, so a failed run says why. */
  failures: string[];
}

/** Latency over the orders that completed; failures are counted and named, never averaged in. */
export function outcomeFigures(outcomes: readonly OrderOutcome[]): OutcomeFigures {
  const completed = outcomes.filter((outcome) => outcome.ok);
  return {
    orders: outcomes.length,
    completed: completed.length,
    failed: outcomes.length - completed.length,
    e2eMs: distribution(completed.map((outcome) => outcome.e2eMs)),
    failures: [...new Set(outcomes.flatMap((outcome) => (outcome.error ? [outcome.error] : [])))].slice(0, 3),
  };
}

/** Histories of up to `count` completed orders, spread evenly over the run. */
export async function sampleRuns(
  client: Client,
  outcomes: readonly OrderOutcome[],
  count: number,
): Promise<WorkflowRun[]> {
  const completed = outcomes.filter((outcome) => outcome.ok);
  const step = Math.max(1, Math.floor(completed.length / count));
  const picked = completed.filter((_, index) => index % step === 0).slice(0, count);
  return workflowRuns(
    client,
    picked.map((outcome) => outcome.workflowId),
  );
}

/** The inputs the orders really sent to the scorer. */
export function scoringInputs(runs: readonly WorkflowRun[]): ScoreRoutesInput[] {
  return runs.flatMap((run) =>
    run.activities
      .filter((a) => a.activityType === 'scoreRoutes' && a.input !== undefined)
      .map((a) => a.input as ScoreRoutesInput),
  );
}
