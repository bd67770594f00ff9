import type { Client, ScheduleDescription, ScheduleOverlapPolicy } from '@temporalio/client';
import { cronFromCalendar } from './cron-fields';

/** One Schedule, as an operator reads it: when it runs, on what policies, and what it did lately. */
export interface ScheduleView {
  scheduleId: string;
  cron: string[];
  comment?: string;
  timezone: string;
  jitterMs: number;
  policies: { overlap: ScheduleOverlapPolicy; catchupWindowMs: number; pauseOnFailure: boolean };
  action: { workflowType: string; workflowIdPrefix?: string; taskQueue?: string };
  paused: boolean;
  note?: string;
  running: string[];
  recent: { workflowId: string; scheduledAt: string; takenAt: string }[];
  next: string[];
  counts: { taken: number; skippedOverlap: number; missedCatchupWindow: number };
}

export interface ScheduleListing {
  scheduleId: string;
  workflowType?: string;
  paused: boolean;
  note?: string;
  nextRun?: string;
  lastRun?: string;
}

export async function listSchedules(client: Client): Promise<ScheduleListing[]> {
  const listed: ScheduleListing[] = [];
  // Listing reads the visibility store, which lags a create or change by a moment.
  for await (const schedule of client.schedule.list()) {
    listed.push({
      scheduleId: schedule.scheduleId,
      workflowType: schedule.action?.workflowType,
      paused: schedule.state.paused,
      ...(schedule.state.note ? { note: schedule.state.note } : {}),
      nextRun: schedule.info.nextActionTimes[0]?.toISOString(),
      lastRun: schedule.info.recentActions.at(-1)?.takenAt.toISOString(),
    });
  }
  return listed;
}

export async function describeSchedule(client: Client, scheduleId: string): Promise<ScheduleView> {
  return viewOf(await client.schedule.getHandle(scheduleId).describe());
}

/**
 * Starts a sync now. The SDK would override the overlap policy to ALLOW_ALL for a manual trigger;
 * passing the Schedule's own policy keeps "one sync at a time" true for people too.
 */
export async function triggerSchedule(client: Client, scheduleId: string): Promise<{ overlap: ScheduleOverlapPolicy }> {
  const handle = client.schedule.getHandle(scheduleId);
  const { overlap } = (await handle.describe()).policies;
  await handle.trigger(overlap);
  return { overlap };
}

export async function pauseSchedule(client: Client, scheduleId: string, reason: string): Promise<void> {
  if (!reason.trim()) throw new Error('a pause needs a reason: it is the note operators see on the Schedule');
  await client.schedule.getHandle(scheduleId).pause(reason);
}

export async function unpauseSchedule(
  client: Client,
  scheduleId: string,
  reason = 'unpaused with orderops schedules unpause',
): Promise<void> {
  await client.schedule.getHandle(scheduleId).unpause(reason);
}

function viewOf(d: ScheduleDescription): ScheduleView {
  return {
    scheduleId: d.scheduleId,
    cron: (d.spec.calendars ?? []).map(cronFromCalendar),
    ...(d.spec.calendars?.[0]?.comment ? { comment: d.spec.calendars[0].comment } : {}),
    timezone: d.spec.timezone ?? 'UTC',
    jitterMs: d.spec.jitter ?? 0,
    policies: {
      overlap: d.policies.overlap,
      catchupWindowMs: d.policies.catchupWindow,
      pauseOnFailure: d.policies.pauseOnFailure,
    },
    action: {
      workflowType: d.action.workflowType,
      workflowIdPrefix: d.action.workflowId,
      taskQueue: d.action.taskQueue,
    },
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    running: d.info.runningActions.map((a) => a.workflow.workflowId),
    recent: d.info.recentActions.map((a) => ({
      workflowId: a.action.workflow.workflowId,
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
    })),
    next: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
    counts: {
      taken: d.info.numActionsTaken,
      skippedOverlap: d.info.numActionsSkippedOverlap,
      missedCatchupWindow: d.info.numActionsMissedCatchupWindow,
    },
  };
}
