import { ScheduleOverlapPolicy, type ScheduleOptions } from '@temporalio/client';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../../contracts/task-queues';
import { PARTNER_SYNC_SCHEDULE_ID, PARTNER_SYNC_WORKFLOW } from '../../contracts/workflow-names';
import type { PartnerSyncInput } from '../../contracts/partner-sync-workflow';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A Schedule as OrderOps declares it: everything `schedules apply` creates and compares. */
export interface DeclaredSchedule {
  scheduleId: string;
  cron: string;
  /** Shown beside the compiled calendar in `temporal schedule describe`; it repeats the cron text. */
  comment: string;
  timezone: string;
  jitterMs: number;
  overlap: ScheduleOverlapPolicy;
  catchupWindowMs: number;
  pauseOnFailure: boolean;
  action: {
    workflowType: string;
    /** Prefix: the server appends the scheduled time, e.g. `partner-sync-2026-05-01T10:15:00Z`. */
    workflowId: string;
    taskQueue: string;
    args: [PartnerSyncInput];
    workflowExecutionTimeoutMs: number;
  };
}

const EVERY_15_MINUTES = '*/15 * * * *';

/**
 * The `partner-sync` Schedule. Each choice, and why:
 * - cron every 15 minutes: stock moves during the day; 15 minutes keeps the store well inside the
 *   orders' freshness bound (1 h by default) even if one or two syncs fail.
 * - time zone UTC, stated: an every-15-minutes rule is the same in every zone, and UTC has no
 *   daylight-saving jumps that could skip or double a run.
 * - overlap SKIP: a sync that is still running is already fetching the newest data; a second one
 *   beside it would double the partners' load and the store's writes for nothing, and queueing one
 *   (BUFFER_ONE) would only start a redundant pass right after. The next tick comes soon anyway.
 * - catch-up window 15 minutes, set explicitly (the SDK documents both 1 minute and 1 year as the
 *   default): after an outage, one missed tick is still worth running; anything older is replaced
 *   by the next tick, and SKIP folds a backlog into one run.
 * - jitter 1 minute: many deployments (and the partners' other clients) fire on the quarter hour;
 *   up to a minute's spread costs nothing for data this slow.
 * - pause on failure: the sync itself completes when a partner is down (the feed is listed as
 *   failed and the next tick retries it); it fails only when something needs a person, such as a
 *   store that cannot be written or a run past its timeout. Then the Schedule stops repeating it
 *   and says why in its note.
 * - execution timeout 1 hour: a stuck sync would otherwise hold off every later tick forever under
 *   SKIP; timing out ends it and pauses the Schedule.
 */
export function partnerSyncSchedule(
  overrides: { scheduleId?: string; taskQueues?: TaskQueues } = {},
): DeclaredSchedule {
  const scheduleId = overrides.scheduleId ?? PARTNER_SYNC_SCHEDULE_ID;
  const queues = overrides.taskQueues ?? DEFAULT_TASK_QUEUES;
  return {
    scheduleId,
    cron: EVERY_15_MINUTES,
    comment: `cron ${EVERY_15_MINUTES}: partner feeds (catalog, stock, rates) into the store`,
    timezone: 'UTC',
    jitterMs: 1 * MINUTE,
    overlap: ScheduleOverlapPolicy.SKIP,
    catchupWindowMs: 15 * MINUTE,
    pauseOnFailure: true,
    action: {
      workflowType: PARTNER_SYNC_WORKFLOW,
      workflowId: scheduleId,
      taskQueue: queues.orders,
      args: [{ taskQueues: { partnerIo: queues.partnerIo } }],
      workflowExecutionTimeoutMs: 1 * HOUR,
    },
  };
}

/** What the Temporal client needs to create the declared Schedule, or to update one to it. */
export function scheduleOptionsOf(declared: DeclaredSchedule): ScheduleOptions {
  return {
    scheduleId: declared.scheduleId,
    spec: {
      cronExpressions: [`${declared.cron} # ${declared.comment}`],
      timezone: declared.timezone,
      jitter: declared.jitterMs,
    },
    action: {
      type: 'startWorkflow',
      workflowType: declared.action.workflowType,
      workflowId: declared.action.workflowId,
      taskQueue: declared.action.taskQueue,
      args: declared.action.args,
      workflowExecutionTimeout: declared.action.workflowExecutionTimeoutMs,
    },
    policies: {
      overlap: declared.overlap,
      catchupWindow: declared.catchupWindowMs,
      pauseOnFailure: declared.pauseOnFailure,
    },
  };
}
