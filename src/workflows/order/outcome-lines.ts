import type { Cancellation, CompensationRecord, OrderResult, PartnerFailure } from '../../contracts/order-workflow';
import { formatMoney } from '../../domain/money';

/**
 * The one line an operator reads first (the Web UI's current details, the status query): the
 * business outcome, then what was undone.
 */
const UNDO_WORDS: Record<string, Record<CompensationRecord['outcome'], string>> = {
  'release-inventory': { done: 'stock released', 'not-needed': 'no stock was held', failed: 'stock NOT released' },
  'void-authorization': {
    done: 'authorization voided',
    'not-needed': 'nothing was authorized',
    failed: 'authorization NOT voided',
  },
};

export function describeUndo(records: CompensationRecord[]): string {
  if (records.length === 0) return 'nothing to undo';
  return records
    .map((record) => UNDO_WORDS[record.step]?.[record.outcome] ?? `${record.step} ${record.outcome}`)
    .join(', ');
}

export function outcomeOfCompletion(result: OrderResult, note?: string): string {
  const shipped =
    result.route && result.booking
      ? `shipped from ${result.route.warehouseId} with ${result.route.carrierId}, tracking ${result.booking.trackingNumber}`
      : 'completed';
  return `Completed: ${shipped}; charged ${formatMoney(result.totalMinor, result.currency)}${note ? ` (${note})` : ''}`;
}

export function outcomeOfCancel(cancellation: Cancellation | undefined, undone: string): string {
  const who = cancellation?.requestedBy ? ` by ${cancellation.requestedBy}` : '';
  const when = cancellation?.requestedAt ? ` at ${cancellation.requestedAt}` : '';
  return `Cancelled${who}${when} (${cancellation?.reason ?? 'no reason given'}): ${undone}; nothing charged`;
}

export function outcomeOfRejection(failure: PartnerFailure, undone: string): string {
  return `Rejected: ${failure.partner} failed at ${failure.step} (${failure.type}): ${failure.message}; ${undone}; nothing charged`;
}
