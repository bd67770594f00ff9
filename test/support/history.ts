import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export interface ScheduledActivity {
  eventId: number;
  activityType: string;
  taskQueue: string;
  summary?: string;
  /** The workflow task that scheduled it: activities sharing one were issued together, not one after another. */
  workflowTaskCompletedEventId: number;
  startToCloseMs: number;
  scheduleToCloseMs: number;
  scheduleToStartMs: number;
  heartbeatMs: number;
  retryMaximumAttempts: number;
  scheduledAt: number;
  /** When the last attempt started (history keeps only the last attempt's start). */
  startedAt?: number;
  closedAt?: number;
  attempt?: number;
  lastFailure?: string;
  outcome?: 'completed' | 'failed' | 'timedOut' | 'cancelled';
}

export async function fetchEvents(client: Client, workflowId: string, runId?: string): Promise<HistoryEvent[]> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events ?? [];
}

/** Every activity the workflow scheduled, with the options it carried and when it ran. */
export async function scheduledActivities(
  client: Client,
  workflowId: string,
  runId?: string,
): Promise<ScheduledActivity[]> {
  const events = await fetchEvents(client, workflowId, runId);
  const byScheduledId = new Map<number, ScheduledActivity>();
  for (const event of events) {
    const id = Number(event.eventId);
    const at = millis(event.eventTime);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      byScheduledId.set(id, {
        eventId: id,
        activityType: scheduled.activityType?.name ?? '',
        taskQueue: scheduled.taskQueue?.name ?? '',
        summary: decodeText(event.userMetadata?.summary?.data),
        workflowTaskCompletedEventId: Number(scheduled.workflowTaskCompletedEventId),
        startToCloseMs: durationMs(scheduled.startToCloseTimeout),
        scheduleToCloseMs: durationMs(scheduled.scheduleToCloseTimeout),
        scheduleToStartMs: durationMs(scheduled.scheduleToStartTimeout),
        heartbeatMs: durationMs(scheduled.heartbeatTimeout),
        retryMaximumAttempts: scheduled.retryPolicy?.maximumAttempts ?? 0,
        scheduledAt: at,
      });
      continue;
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const activity = byScheduledId.get(Number(started.scheduledEventId));
      if (activity) {
        Object.assign(activity, {
          startedAt: at,
          attempt: started.attempt ?? 1,
          lastFailure: started.lastFailure?.message ?? undefined,
        });
      }
      continue;
    }
    const closing: [keyof HistoryEvent, ScheduledActivity['outcome']][] = [
      ['activityTaskCompletedEventAttributes', 'completed'],
      ['activityTaskFailedEventAttributes', 'failed'],
      ['activityTaskTimedOutEventAttributes', 'timedOut'],
      ['activityTaskCanceledEventAttributes', 'cancelled'],
    ];
    for (const [key, outcome] of closing) {
      const attrs = event[key] as { scheduledEventId?: unknown } | null | undefined;
      if (attrs) {
        const activity = byScheduledId.get(Number(attrs.scheduledEventId));
        if (activity) Object.assign(activity, { closedAt: at, outcome });
      }
    }
  }
  return [...byScheduledId.values()];
}

function durationMs(duration: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  if (!duration) return 0;
  return Number(duration.seconds ?? 0) * 1000 + Math.round((duration.nanos ?? 0) / 1e6);
}

function millis(time: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return durationMs(time);
}

/** User metadata (summaries) is a json/plain payload. */
function decodeText(data: Uint8Array | null | undefined): string | undefined {
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as string) : undefined;
}
