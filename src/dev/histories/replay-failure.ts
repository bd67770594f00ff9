import type { History } from '@temporalio/common/lib/proto-utils';

type HistoryEvent = NonNullable<History['events']>[number];

/**
 * Says where a replay went wrong, in words: the history file, the first event the code did not
 * match (its id, type and what it was about), and the SDK's own message, which names the command
 * the code issued instead.
 */
export function describeReplayFailure(file: string, history: History, error: Error): string {
  return `${file}: ${error.name} — first mismatching event: ${locateMismatch(error.message, history)}\n    ${coreMessage(error.message)}`;
}

function locateMismatch(message: string, history: History): string {
  const events = history.events ?? [];
  const eventId = mismatchingEventId(message);
  if (eventId !== undefined) {
    const event = events.find((candidate) => Number(candidate.eventId) === eventId);
    return event ? `#${eventId} ${describeEvent(event)}` : `#${eventId}`;
  }
  // A patch marker the code no longer asks about is named by its patch id, not its event id.
  const patchId = /patch marker encountered for change (\S+?),/.exec(message)?.[1];
  const marker = patchId === undefined ? undefined : events.find((event) => isPatchMarker(event, patchId));
  if (marker) return `#${Number(marker.eventId)} ${describeEvent(marker)} for patch ${patchId}`;
  return 'not named by the SDK (see its message)';
}

function isPatchMarker(event: HistoryEvent, patchId: string): boolean {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_patch') return false;
  return Object.values(marker.details ?? {}).some((payloads) =>
    (payloads.payloads ?? []).some(
      (payload) => payload.data && Buffer.from(payload.data).toString('utf8').includes(`"${patchId}"`),
    ),
  );
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
