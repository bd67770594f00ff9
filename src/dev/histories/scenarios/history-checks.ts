import type { History } from '@temporalio/common/lib/proto-utils';

type HistoryEvent = NonNullable<History['events']>[number];

/** Small questions about a recorded history, to confirm a scenario really took its path. */
export function scheduledActivityTypes(history: History): string[] {
  return events(history).flatMap((event) => {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    return name ? [name] : [];
  });
}

export function highestAttempt(history: History, activityType: string): number {
  const scheduledIds = new Set(
    events(history)
      .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === activityType)
      .map((event) => String(event.eventId)),
  );
  return Math.max(
    0,
    ...events(history)
      .filter((event) => scheduledIds.has(String(event.activityTaskStartedEventAttributes?.scheduledEventId)))
      .map((event) => event.activityTaskStartedEventAttributes?.attempt ?? 1),
  );
}

export function countEvents(history: History, attributes: keyof HistoryEvent): number {
  return events(history).filter((event) => event[attributes]).length;
}

export function closedAs(history: History): 'completed' | 'failed' | 'continuedAsNew' | 'not closed that way' {
  const last = events(history).at(-1);
  if (last?.workflowExecutionCompletedEventAttributes) return 'completed';
  if (last?.workflowExecutionFailedEventAttributes) return 'failed';
  if (last?.workflowExecutionContinuedAsNewEventAttributes) return 'continuedAsNew';
  return 'not closed that way';
}

function events(history: History): HistoryEvent[] {
  return history.events ?? [];
}
