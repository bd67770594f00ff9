import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

type Timestamp = { seconds?: unknown; nanos?: number | null } | null | undefined;

export interface ActivityRun {
  activityType: string;
  /** The summary the Web UI shows beside the activity (its user metadata), if it has one. */
  summary?: string;
  taskQueue: string;
  scheduledAt: number;
  /** The last attempt's start: what a worker's free slot and a poller took to pick it up. */
  startedAt?: number;
  closedAt?: number;
  input?: unknown;
}

export interface WorkflowTaskRun {
  scheduledAt: number;
  startedAt?: number;
  completedAt?: number;
}

export interface WorkflowRun {
  startedAt: number;
  closedAt?: number;
  activities: ActivityRun[];
  workflowTasks: WorkflowTaskRun[];
  /** Every event in the history: what the server wrote for this order. */
  eventCount: number;
  /** Events by type (EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> ActivityTaskScheduled), to say where they go. */
  eventTypes: Record<string, number>;
  /** Local activities, recorded as markers; each with the summary the UI shows, if any. */
  localActivities: { summary?: string }[];
}

/** One order's history, reduced to when each activity was scheduled, started and closed. */
export async function workflowRun(client: Client, workflowId: string): Promise<WorkflowRun> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const activities = new Map<number, ActivityRun>();
  const workflowTasks = new Map<number, WorkflowTaskRun>();
  let startedAt = 0;
  let closedAt: number | undefined;
  const localActivities: { summary?: string }[] = [];
  const eventTypes: Record<string, number> = {};
  for (const event of events) {
    const type = eventTypeName(event.eventType);
    eventTypes[type] = (eventTypes[type] ?? 0) + 1;
    if (event.markerRecordedEventAttributes?.markerName === 'core_local_activity')
      localActivities.push({ summary: summaryOf(event) });
    const at = millis(event.eventTime);
    if (event.workflowExecutionStartedEventAttributes) startedAt = at;
    if (isClosing(event)) closedAt = at;
    if (event.workflowTaskScheduledEventAttributes) workflowTasks.set(Number(event.eventId), { scheduledAt: at });
    const taskStarted = event.workflowTaskStartedEventAttributes;
    const taskStartedFor = taskStarted ? workflowTasks.get(Number(taskStarted.scheduledEventId)) : undefined;
    if (taskStartedFor) taskStartedFor.startedAt = at;
    const taskCompleted = event.workflowTaskCompletedEventAttributes;
    const taskCompletedFor = taskCompleted ? workflowTasks.get(Number(taskCompleted.scheduledEventId)) : undefined;
    if (taskCompletedFor) taskCompletedFor.completedAt = at;
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const payload = scheduled.input?.payloads?.[0];
      activities.set(Number(event.eventId), {
        activityType: scheduled.activityType?.name ?? '',
        summary: summaryOf(event),
        taskQueue: scheduled.taskQueue?.name ?? '',
        scheduledAt: at,
        input: payload ? defaultPayloadConverter.fromPayload(payload) : undefined,
      });
    }
    const started = event.activityTaskStartedEventAttributes;
    if (started) {
      const activity = activities.get(Number(started.scheduledEventId));
      if (activity) activity.startedAt = at;
    }
    const closed =
      event.activityTaskCompletedEventAttributes ??
      event.activityTaskFailedEventAttributes ??
      event.activityTaskTimedOutEventAttributes ??
      event.activityTaskCanceledEventAttributes;
    if (closed) {
      const activity = activities.get(Number(closed.scheduledEventId));
      if (activity) activity.closedAt = at;
    }
  }
  return {
    startedAt,
    closedAt,
    activities: [...activities.values()],
    workflowTasks: [...workflowTasks.values()],
    eventCount: events.length,
    eventTypes,
    localActivities,
  };
}

/**
 * Schedule-to-start of every started activity, grouped by task queue, and of every workflow task
 * (under `workflow-tasks`): how long work waited for a worker's poller and a free slot.
 */
export function scheduleToStartByQueue(runs: readonly WorkflowRun[]): Map<string, number[]> {
  const byQueue = new Map<string, number[]>([['workflow-tasks', []]]);
  for (const run of runs) {
    for (const task of run.workflowTasks)
      if (task.startedAt !== undefined) byQueue.get('workflow-tasks')?.push(task.startedAt - task.scheduledAt);
    for (const activity of run.activities) {
      if (activity.startedAt === undefined) continue;
      const list = byQueue.get(activity.taskQueue) ?? [];
      list.push(activity.startedAt - activity.scheduledAt);
      byQueue.set(activity.taskQueue, list);
    }
  }
  return byQueue;
}

export async function workflowRuns(client: Client, workflowIds: readonly string[]): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  for (const id of workflowIds) runs.push(await workflowRun(client, id));
  return runs;
}

function eventTypeName(type: temporal.api.enums.v1.EventType | null | undefined): string {
  const name =
    type === null || type === undefined ? 'Unknown' : (temporal.api.enums.v1.EventType[type] ?? String(type));
  return name
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

function summaryOf(event: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const payload = event.userMetadata?.summary;
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined; // an encrypted summary: the UI needs the codec server for it too
  }
}

function isClosing(event: temporal.api.history.v1.IHistoryEvent): boolean {
  return Boolean(
    event.workflowExecutionCompletedEventAttributes ??
    event.workflowExecutionFailedEventAttributes ??
    event.workflowExecutionTerminatedEventAttributes ??
    event.workflowExecutionTimedOutEventAttributes ??
    event.workflowExecutionCanceledEventAttributes,
  );
}

function millis(time: Timestamp): number {
  if (!time) return 0;
  return Number(time.seconds ?? 0) * 1000 + (time.nanos ?? 0) / 1e6;
}
