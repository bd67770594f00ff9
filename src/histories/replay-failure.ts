import type { History } from '@temporalio/common/lib/proto-utils';

type HistoryEvent = NonNullable<History['events']>[number];

/**
 * Says where a replay went wrong, in words: the history file, the first event the code did not
 * match (its id, type and what it was about), and the SDK's own message, which names the command
 * the code issued instead.
 */
export function describeReplayFailure(file: string, history: History, error: Error): string {
  const eventId = mismatchingEventId(error.message);
  const event = eventId === undefined ? undefined : history.events?.find((candidate) => Number(candidate.eventId) === eventId);
  const where = event
    ? `first mismatching event: #${eventId} ${describeEvent(event)}`
    : eventId === undefined
      ? 'first mismatching event: not named by the SDK (see its message)'
      : `first mismatching event: #${eventId}`;
  return `${file}: ${error.name} — ${where}\n    ${coreMessage(error.message)}`;
}

/** The replay error wraps core's own sentence (`[TMPRL1100] Nondeterminism error: ...`) in a debug dump; keep the sentence. */
function coreMessage(message: string): string {
  return /message: "((?:[^"\\]|\\.)*)"/.exec(message)?.[1] ?? message;
}

/** Core names the event as `HistoryEvent(id: 12, ActivityTaskScheduled)` or mentions `event id 12`. */
export function mismatchingEventId(message: string): number | undefined {
  const match = /HistoryEvent\(id: (\d+)/.exec(message) ?? /event[ _]id:? (\d+)/i.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function describeEvent(event: HistoryEvent): string {
  const key = Object.keys(event).find((name) => name.endsWith('EventAttributes') && event[name as keyof HistoryEvent]);
  const type = key ? key.charAt(0).toUpperCase() + key.slice(1, -'EventAttributes'.length) : 'UnknownEvent';
  const detail =
    event.activityTaskScheduledEventAttributes?.activityType?.name ??
    event.markerRecordedEventAttributes?.markerName ??
    event.timerStartedEventAttributes?.timerId ??
    event.workflowExecutionSignaledEventAttributes?.signalName ??
    event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
  return detail ? `${type} (${detail})` : type;
}
