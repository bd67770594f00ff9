import type { WorkflowRun } from './histories';
import { median, round } from './stats';

export interface TimeBreakdown {
  sampledOrders: number;
  /** Workflow start to close, as the server recorded it. */
  serverE2eP50Ms: number | null;
  /** Time in which no activity was executing: workflow tasks, dispatch to a poller, reporting results. */
  orchestrationP50Ms: number | null;
  /** Workflow start to the first activity being scheduled (the first workflow task). */
  firstWorkflowTaskP50Ms: number | null;
  workflowTasksPerOrder: number | null;
  /** A workflow task waiting for the worker, then being run by it. */
  workflowTaskScheduleToStartP50Ms: number | null;
  workflowTaskProcessingP50Ms: number | null;
  /** Schedule-to-start of one activity task, median over all. */
  activityScheduleToStartP50Ms: number | null;
  /** A partner activity's execution minus the latency the simulator was told to add. */
  partnerCallOverheadP50Ms: number | null;
  scoringActivityP50Ms: number | null;
}

/** Where an order's time goes, from its history: orchestration versus activities doing their work. */
export function timeBreakdown(runs: readonly WorkflowRun[], partnerLatencyMs: number): TimeBreakdown {
  const closed = runs.filter((run) => run.closedAt !== undefined);
  const orchestration: number[] = [];
  const firstTask: number[] = [];
  const scheduleToStart: number[] = [];
  const partnerOverhead: number[] = [];
  const scoring: number[] = [];
  const taskWaits: number[] = [];
  const taskRuns: number[] = [];
  for (const run of closed) {
    for (const task of run.workflowTasks) {
      if (task.startedAt !== undefined) taskWaits.push(task.startedAt - task.scheduledAt);
      if (task.startedAt !== undefined && task.completedAt !== undefined)
        taskRuns.push(task.completedAt - task.startedAt);
    }
    const intervals = run.activities.flatMap((a) =>
      a.startedAt !== undefined && a.closedAt !== undefined ? [[a.startedAt, a.closedAt] as const] : [],
    );
    orchestration.push((run.closedAt as number) - run.startedAt - unionLength(intervals));
    const firstScheduled = Math.min(...run.activities.map((a) => a.scheduledAt));
    if (Number.isFinite(firstScheduled)) firstTask.push(firstScheduled - run.startedAt);
    for (const activity of run.activities) {
      if (activity.startedAt === undefined) continue;
      scheduleToStart.push(activity.startedAt - activity.scheduledAt);
      if (activity.closedAt === undefined) continue;
      const duration = activity.closedAt - activity.startedAt;
      if (activity.activityType === 'scoreRoutes') scoring.push(duration);
      else partnerOverhead.push(duration - partnerLatencyMs);
    }
  }
  return {
    sampledOrders: closed.length,
    serverE2eP50Ms: round(median(closed.map((run) => (run.closedAt as number) - run.startedAt))),
    orchestrationP50Ms: round(median(orchestration)),
    firstWorkflowTaskP50Ms: round(median(firstTask)),
    workflowTasksPerOrder: round(median(closed.map((run) => run.workflowTasks.length))),
    workflowTaskScheduleToStartP50Ms: round(median(taskWaits)),
    workflowTaskProcessingP50Ms: round(median(taskRuns)),
    activityScheduleToStartP50Ms: round(median(scheduleToStart)),
    partnerCallOverheadP50Ms: round(median(partnerOverhead)),
    scoringActivityP50Ms: round(median(scoring)),
  };
}

function unionLength(intervals: readonly (readonly [number, number])[]): number {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = -Infinity;
  let currentEnd = -Infinity;
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else if (end > currentEnd) {
      currentEnd = end;
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}
