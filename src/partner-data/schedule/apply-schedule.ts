import {
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type Client,
  type ScheduleDescription,
} from '@temporalio/client';
import { calendarValues, cronValues } from './cron-fields';
import { partnerSyncSchedule, scheduleOptionsOf, type DeclaredSchedule } from './partner-sync-schedule';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Makes the server hold the declared Schedule: creates it if missing, updates it if any declared
 * field differs, and otherwise leaves it alone. Operator state (paused, its note) is kept as is:
 * re-applying never unpauses a Schedule someone paused on purpose.
 */
export async function applySchedule(
  client: Client,
  declared: DeclaredSchedule = partnerSyncSchedule(),
): Promise<ApplyOutcome> {
  const handle = client.schedule.getHandle(declared.scheduleId);
  let described = await describeIfExists(client, declared.scheduleId);
  if (!described) {
    try {
      await client.schedule.create({
        ...scheduleOptionsOf(declared),
        state: { note: 'created by orderops schedules apply' },
      });
      return 'created';
    } catch (err) {
      // Another `apply` created it a moment ago: compare with that one instead.
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      described = await handle.describe();
    }
  }
  if (scheduleDifferences(declared, described).length === 0) return 'unchanged';
  const { scheduleId: _id, ...options } = scheduleOptionsOf(declared);
  await handle.update((previous) => ({
    ...options,
    state: { paused: previous.state.paused, note: previous.state.note },
  }));
  return 'updated';
}

/** Each declared field the server's Schedule does not match, as "field: server has X, declared Y". */
export function scheduleDifferences(declared: DeclaredSchedule, described: ScheduleDescription): string[] {
  const { spec, policies, action } = described;
  const calendar = spec.calendars?.length === 1 ? spec.calendars[0] : undefined;
  const declaredCalendar = cronValues(declared.cron);
  const pairs: [string, unknown, unknown][] = [
    ['spec.calendar', calendar ? calendarValues(calendar) : spec.calendars, declaredCalendar],
    ['spec.comment', calendar?.comment, declared.comment],
    ['spec.intervals', spec.intervals ?? [], []],
    ['spec.skip', spec.skip ?? [], []],
    ['spec.timezone', spec.timezone ?? 'UTC', declared.timezone],
    ['spec.jitter', spec.jitter ?? 0, declared.jitterMs],
    ['spec.startAt', spec.startAt, undefined],
    ['spec.endAt', spec.endAt, undefined],
    ['policies.overlap', policies.overlap, declared.overlap],
    ['policies.catchupWindow', policies.catchupWindow, declared.catchupWindowMs],
    ['policies.pauseOnFailure', policies.pauseOnFailure, declared.pauseOnFailure],
    ['action.workflowType', action.workflowType, declared.action.workflowType],
    ['action.workflowId', action.workflowId, declared.action.workflowId],
    ['action.taskQueue', action.taskQueue, declared.action.taskQueue],
    ['action.args', action.args, declared.action.args],
    ['action.workflowExecutionTimeout', action.workflowExecutionTimeout, declared.action.workflowExecutionTimeoutMs],
  ];
  return pairs
    .filter(([, actual, wanted]) => !sameJson(actual, wanted))
    .map(([field, actual, wanted]) => `${field}: server has ${show(actual)}, declared ${show(wanted)}`);
}

async function describeIfExists(client: Client, scheduleId: string): Promise<ScheduleDescription | undefined> {
  try {
    return await client.schedule.getHandle(scheduleId).describe();
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) return undefined;
    throw err;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  return show(a) === show(b);
}

function show(value: unknown): string {
  return value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? 'undefined');
}
