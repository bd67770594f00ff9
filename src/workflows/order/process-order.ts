import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  cancelOrderUpdate,
  statusQuery,
  TERMINAL_STATUSES,
  type CancelOrderOutcome,
  type ChosenRoute,
  type OrderResult,
  type OrderStatus,
  type ProcessOrderOptions,
} from '../../contracts/order-workflow';
import { CUSTOMER_ID, ORDER_STATUS, ORDER_TOTAL_MINOR, SHIP_COUNTRY } from '../../contracts/search-attributes';
import { DEFAULT_TASK_QUEUES } from '../../contracts/task-queues';
import { formatMoney, orderTotalMinor } from '../../domain/money';
import { describeProblems, validateOrder, type Order } from '../../domain/order';
import { orderActivities } from './activity-proxies';
import { describeStepFailure } from './failures';
import {
  chooseRoute,
  claimOrderId,
  holdStockAndPayment,
  planCandidates,
  reviewLargeOrder,
  shipAndCharge,
} from './legs';
import type { OrderRun } from './order-run';
import { describeUndo, outcomeOfCancel, outcomeOfCompletion, outcomeOfRejection } from './outcome-lines';
import { Saga } from './saga';
import { OrderTracker } from './tracker';

// PATCH order-v3 (processOrder v3): the order id is claimed before any partner call; quotes come
// from one activity with a per-carrier budget; mutations that failed in doubt are settled like
// cancelled ones; booking and capture run to completion; a cancel, once accepted, decides the
// outcome; failed compensations are marked NeedsAttention. Runs started before it replay as v2.
const ORDER_V3 = 'order-v3';
// PATCH large-order-fraud-review (v2): large orders get a second fraud review once stock and
// payment are held. Every v3 run has it, so only v2 runs ask this patch.
const LARGE_ORDER_FRAUD_REVIEW = 'large-order-fraud-review';
/** 1,000.00 in minor units: above it, a wrong fraud approval costs more than one more partner call. */
const LARGE_ORDER_REVIEW_MINOR = 100_000;

/**
 * processOrder: validate; claim the order id; in parallel reserve stock, authorize the card, check
 * fraud and collect carrier quotes (bounded, with a deadline); score the routes on the CPU queue;
 * book the best one; capture the payment. A cancellation or a partner failing for good undoes
 * what was done, in reverse, and the order ends saying which partner, which step and why.
 */
export async function processOrder(input: Order, options: ProcessOrderOptions = {}): Promise<OrderResult> {
  const v3 = patched(ORDER_V3);
  // Since v3 an order goes straight to RESERVING: one search-attribute event fewer.
  const initialStatus = v3 ? 'RESERVING' : 'RECEIVED';
  const order = validated(input, initialStatus, v3);
  const tracker = new OrderTracker(order.orderId, v3, initialStatus);
  const run: OrderRun = {
    order,
    tracker,
    saga: new Saga(),
    calls: orderActivities({ ...DEFAULT_TASK_QUEUES, ...options.taskQueues }),
    v3,
  };
  const orderScope = new CancellationScope();
  const closed = acceptQueriesAndCancellation(run, orderScope);
  try {
    const result = await orderScope.run(() => fulfil(run, options));
    return completed(run, result, orderScope.consideredCancelled);
  } catch (err) {
    return await undoAndClose(run, err);
  } finally {
    closed.now();
    // Let a cancelOrder update that is still answering finish before the workflow closes; since v3
    // also after an operator's workflow cancel, which would otherwise fail this wait.
    await (v3
      ? CancellationScope.nonCancellable(() => condition(allHandlersFinished))
      : condition(allHandlersFinished));
  }
}

/** The business process, top to bottom. */
async function fulfil(run: OrderRun, options: ProcessOrderOptions): Promise<OrderResult> {
  const { order, tracker, v3 } = run;
  const totalMinor = orderTotalMinor(order);
  if (v3) await claimOrderId(run);
  tracker.moveTo('RESERVING', 'planning from the synced partner data');
  const candidates = await planCandidates(run);
  tracker.planned(candidates.source);
  tracker.moveTo('RESERVING', `stock, payment, fraud and quotes in parallel (candidates: ${candidates.source})`);
  const quoteModel = options.quoteModel ?? 'one-activity';
  const { reservation, authorizationId, quotes } = await holdStockAndPayment(run, candidates, quoteModel);
  if (totalMinor > LARGE_ORDER_REVIEW_MINOR && (v3 || patched(LARGE_ORDER_FRAUD_REVIEW))) await reviewLargeOrder(run);

  tracker.moveTo('SCORING', `scoring ${reservation.warehouses.length} warehouse(s) x ${quotes.length} quote(s)`);
  const route = await chooseRoute(run, reservation, quotes);
  tracker.routed(route, describeRoute(route, order.currency));
  const { booking, captureId } = await shipAndCharge(run, route, quotes, authorizationId);

  return {
    orderId: order.orderId,
    status: 'COMPLETED',
    totalMinor,
    currency: order.currency,
    route,
    booking: { bookingId: booking.bookingId, trackingNumber: booking.trackingNumber },
    captureId,
    ...(tracker.quoteSummary() ? { quotes: tracker.quoteSummary() } : {}),
    ...(tracker.candidates() ? { candidatesFrom: tracker.candidates() } : {}),
    compensations: [],
  };
}

/**
 * Validation is pure code; a bad order fails at once, naming every offending field. A valid one
 * becomes searchable by status, customer, total and country. Before v3 its summary also went into
 * the memo; since v3 the starter's static summary and details show it, and the memo holds nothing
 * personal.
 */
function validated(input: Order, initialStatus: OrderStatus, v3: boolean): Order {
  const validation = validateOrder(input);
  if (!validation.ok) {
    upsertSearchAttributes([{ key: ORDER_STATUS, value: 'REJECTED' }]);
    throw ApplicationFailure.create({
      type: 'InvalidOrder',
      message: `invalid order: ${describeProblems(validation.problems)}`,
      nonRetryable: true,
      details: validation.problems,
    });
  }
  const order = validation.order;
  const totalMinor = orderTotalMinor(order);
  upsertSearchAttributes([
    { key: ORDER_STATUS, value: initialStatus },
    { key: CUSTOMER_ID, value: order.customerId },
    { key: ORDER_TOTAL_MINOR, value: totalMinor },
    { key: SHIP_COUNTRY, value: order.shippingAddress.country },
  ]);
  if (v3) return order;
  upsertMemo({
    customer: order.customerId,
    total: formatMoney(totalMinor, order.currency),
    items: order.items.map((item) => `${item.quantity} x ${item.sku}`).join(', '),
    shipTo: `${order.shippingAddress.city}, ${order.shippingAddress.country}`,
  });
  return order;
}

/**
 * The `status` query, and the `cancelOrder` update: its validator refuses what can no longer be
 * cancelled; once accepted, the cancel decides the outcome, and the answer is the order's real
 * final state.
 */
function acceptQueriesAndCancellation(
  { order, tracker, v3 }: OrderRun,
  orderScope: CancellationScope,
): { now(): void } {
  let finished = false;
  setHandler(statusQuery, () => tracker.view());
  setHandler(
    cancelOrderUpdate,
    async ({ reason, requestedBy }): Promise<CancelOrderOutcome> => {
      tracker.cancelRequested(reason, requestedBy);
      orderScope.cancel();
      await (v3 ? CancellationScope.nonCancellable(() => condition(() => finished)) : condition(() => finished));
      const view = tracker.view();
      return {
        orderId: order.orderId,
        status: tracker.status,
        reason: tracker.cancellationReason ?? reason,
        compensations: view.compensations,
        ...(view.attention ? { attention: view.attention } : {}),
      };
    },
    {
      validator: ({ reason }) => {
        if (typeof reason !== 'string' || reason.trim() === '') throw new Error('a cancellation needs a reason');
        if (TERMINAL_STATUSES.includes(tracker.status)) throw new Error(`the order is already ${tracker.status}`);
        if (tracker.bookingStarted)
          throw new Error('the carrier is already booked: the parcel exists, so the order can no longer be cancelled');
        if (tracker.failure)
          throw new Error(`the order is already being rejected (${tracker.failure.partner}: ${tracker.failure.type})`);
      },
    },
  );
  return { now: () => (finished = true) };
}

function completed({ tracker }: OrderRun, result: OrderResult, cancelRequested: boolean): OrderResult {
  // Only an operator's workflow cancel gets here: the cancelOrder update is refused once booking starts.
  const note = cancelRequested
    ? 'an operator cancelled the workflow once booking had started: the parcel existed, so the order completed'
    : undefined;
  tracker.moveTo('COMPLETED', outcomeOfCompletion(result, note));
  return note ? { ...result, note } : result;
}

/**
 * Undoes what was done, in reverse, and closes the order: CANCELLED (a result) when a cancel was
 * asked for, else REJECTED (a non-retryable failure naming the partner, the step and why).
 */
async function undoAndClose(run: OrderRun, err: unknown): Promise<OrderResult> {
  const { order, tracker, saga, v3 } = run;
  const cancelled = v3
    ? tracker.cancellationReason !== undefined || (isCancellation(err) && !tracker.failure)
    : isCancellation(err) && !tracker.failure;
  if (cancelled) tracker.cancelRequested('the workflow was cancelled by an operator');
  tracker.moveTo('COMPENSATING', `undoing ${saga.size} completed step(s) in reverse order`);
  const compensations = await saga.compensate();
  tracker.compensated(compensations);
  for (const record of compensations) {
    if (record.outcome === 'failed')
      tracker.needsAttention({
        partner: record.partner,
        step: record.step,
        reason: record.detail ?? 'the compensation failed',
      });
  }
  const undone = describeUndo(compensations);
  if (cancelled) {
    tracker.moveTo('CANCELLED', outcomeOfCancel(tracker.cancellationRecord(), undone));
    const attention = tracker.attentionItems();
    return {
      orderId: order.orderId,
      status: 'CANCELLED',
      totalMinor: orderTotalMinor(order),
      currency: order.currency,
      cancellation: tracker.cancellationRecord() ?? { reason: 'cancelled' },
      compensations,
      ...(attention ? { attention } : {}),
    };
  }
  const failure = tracker.failure ?? describeStepFailure(err, 'orderops', 'process-order');
  tracker.failed(failure);
  const outcome = outcomeOfRejection(failure, undone);
  tracker.moveTo('REJECTED', outcome);
  throw ApplicationFailure.create({
    type: failure.type,
    message: `${outcome} (order ${order.orderId})`,
    nonRetryable: true,
    details: [tracker.view()],
  });
}

function describeRoute(route: ChosenRoute, currency: string): string {
  return `${route.warehouseId} -> ${route.carrierId} (${formatMoney(route.costMinor, currency)}, ${route.etaHours} h)`;
}
