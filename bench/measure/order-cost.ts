import type { WorkflowRun } from './histories';
import { median } from './stats';

/** What one order costs the server, read from its history: independent of the machine's speed. */
export interface OrderCost {
  sampledOrders: number;
  /** Median events per history. */
  historyEvents: number | null;
  /** Median workflow tasks (scheduled) per order. */
  workflowTasks: number | null;
  /** Median activity tasks (scheduled; a retry is not a new task) per order. */
  activityTasks: number | null;
  /** Median local activities (markers) per order. */
  localActivities: number | null;
  /** Events by type, median over the orders: where the events go. */
  eventsByType: Record<string, number>;
}

export function orderCost(runs: readonly WorkflowRun[]): OrderCost {
  const mid = (pick: (run: WorkflowRun) => number): number | null => median(runs.map(pick)) ?? null;
  return {
    sampledOrders: runs.length,
    historyEvents: mid((run) => run.eventCount),
    workflowTasks: mid((run) => run.workflowTasks.length),
    activityTasks: mid((run) => run.activities.length),
    localActivities: mid((run) => run.localActivities.length),
    eventsByType: Object.fromEntries(
      [...new Set(runs.flatMap((run) => Object.keys(run.eventTypes)))]
        .sort()
        .map((type) => [type, mid((run) => run.eventTypes[type] ?? 0) ?? 0]),
    ),
  };
}
