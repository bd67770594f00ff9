import type { CancelOrderOutcome, OrderStatus } from '../../contracts/order-workflow';
import type { OrderListing, OrderView, PlacedOrder } from '../client/orderops-client';

/**
 * Exit codes a script can trust (`gh run watch --exit-status` habit): 0 only when the order
 * ended as asked. 1 is any other error, 2 bad input.
 */
export const EXIT = { ok: 0, error: 1, invalidInput: 2, rejected: 3, cancelled: 4 } as const;

export function exitCodeFor(status: OrderStatus): number {
  if (status === 'REJECTED') return EXIT.rejected;
  if (status === 'CANCELLED') return EXIT.cancelled;
  return EXIT.ok;
}

export function placedLine(placed: PlacedOrder): string {
  return placed.created
    ? `order ${placed.orderId} started (workflow ${placed.workflowId})`
    : `order ${placed.orderId} was already placed; nothing new started (workflow ${placed.workflowId})`;
}

/** The order for a person: the outcome first, then what explains it. */
export function describeOrder(view: OrderView): string {
  const lines = [`order ${view.orderId}: ${view.status}${view.closedAt ? ` (closed ${view.closedAt})` : ' (running)'}`];
  if (view.progress) {
    lines.push(`  waiting on: ${view.progress.waitingOn}`);
    for (const step of view.progress.steps)
      lines.push(`  ${step.state.padEnd(9)} ${step.partner} ${step.step}${step.detail ? ` (${step.detail})` : ''}`);
    for (const call of view.progress.pendingCalls.filter((c) => c.attempt > 1)) {
      lines.push(
        `  retrying  ${call.activity}, attempt ${call.attempt}${call.lastFailure ? `: ${call.lastFailure}` : ''}`,
      );
    }
  }
  if (view.failure) {
    const where = view.failure.partner
      ? ` (${view.failure.partner}${view.failure.step ? ` at ${view.failure.step}` : ''})`
      : '';
    lines.push(
      `  failure: ${view.failure.code}${where}: ${view.failure.message}`,
      `  what to do: ${view.failure.whatToDo}`,
    );
  }
  if (view.cancellation) lines.push(`  cancelled: ${view.cancellation.reason}`);
  if (view.booking)
    lines.push(`  shipped with ${view.route?.carrierId ?? 'the carrier'}, tracking ${view.booking.trackingNumber}`);
  if (view.captureId) lines.push(`  charged: capture ${view.captureId}`);
  if (view.quotes)
    lines.push(
      `  quotes: ${view.quotes.received} of ${view.quotes.requested} carriers${view.quotes.partial ? ' (partial)' : ''}`,
    );
  if (view.compensations.length > 0)
    lines.push(`  undone: ${view.compensations.map((c) => `${c.step} ${c.outcome}`).join(', ')}`);
  for (const item of view.attention) lines.push(`  NEEDS ATTENTION: ${item.partner} ${item.step}: ${item.reason}`);
  if (view.note) lines.push(`  note: ${view.note}`);
  return lines.join('\n');
}

/**
 * One line saying where a running order is and what is outstanding; `follow` prints it only when
 * it changes, so the line carries no clock.
 */
export function progressLine(view: OrderView): string {
  if (!view.progress) return `${view.status}`;
  const running = view.progress.steps
    .filter((s) => s.state === 'running')
    .map((s) => `${s.partner} ${s.step}${s.detail ? ` (${s.detail})` : ''}`);
  const retrying = view.progress.pendingCalls
    .filter((c) => c.attempt > 1)
    .map((c) => `${c.activity} attempt ${c.attempt}${c.lastFailure ? ` after "${c.lastFailure}"` : ''}`);
  return [
    `${view.status}: ${view.progress.waitingOn}`,
    running.length > 0 ? `outstanding: ${running.join(', ')}` : '',
    retrying.length > 0 ? `retrying: ${retrying.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' | ');
}

export function describeCancelOutcome(outcome: CancelOrderOutcome): string {
  const undone = outcome.compensations.map((c) => `${c.step} ${c.outcome}`).join(', ') || 'nothing to undo';
  return `order ${outcome.orderId}: ${outcome.status} (${outcome.reason}); undone: ${undone}`;
}

export function listingTable(orders: OrderListing[]): string {
  if (orders.length === 0) return 'no orders match';
  const rows = orders.map((o) => [o.orderId, o.status, o.customerId ?? '-', o.startedAt, o.closedAt ?? '-']);
  const header = ['ORDER', 'STATUS', 'CUSTOMER', 'STARTED', 'CLOSED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
