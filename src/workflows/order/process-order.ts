import {
  ApplicationFailure,
  CancellationScope,
  allHandlersFinished,
  condition,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertMemo,
  upsertSearchAttributes,
  workflowInfo,
  type ActivityOptions,
} from '@temporalio/workflow';
import type { FulfilmentActivities } from '../../activities/fulfilment-activities';
import type { PartnerActivities } from '../../activities/partner-activities';
import type { ScoringActivities, ScoreRoutesResult } from '../../activities/scoring-activities';
import { formatMoney, orderTotalMinor, orderWeightGrams } from '../../domain/money';
import { describeProblems, validateOrder, type Order } from '../../domain/order';
import { routeCandidates } from '../../domain/route-candidates';
import type { CarrierQuote, Reservation } from '../../partners/partner-api';
import {
  cancelOrderUpdate,
  statusQuery,
  TERMINAL_STATUSES,
  type CancelOrderOutcome,
  type ChosenRoute,
  type OrderResult,
} from '../../contracts/order-workflow';
import { CUSTOMER_ID, ORDER_STATUS, ORDER_TOTAL_MINOR, SHIP_COUNTRY } from '../../contracts/search-attributes';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../../contracts/task-queues';
import { mapBounded } from './bounded-fan-out';
import { Compensations } from './saga';
import { describeStepFailure } from './failures';
import * as policy from './policies';
import { OrderTracker } from './tracker';

const partners = proxyActivities<PartnerActivities>({ startToCloseTimeout: '10s' });
const scoring = proxyActivities<ScoringActivities>({ startToCloseTimeout: '60s' });
const fulfilment = proxyLocalActivities<FulfilmentActivities>(policy.PLAN_FULFILMENT);

// PATCH large-order-fraud-review (processOrder v2): large orders get a second fraud review once stock
// and payment are held. Runs started before it replay without the review. Retiring it:
// README, "Changing workflow code safely".
const LARGE_ORDER_FRAUD_REVIEW = 'large-order-fraud-review';
/** 1,000.00 in minor units: above it, a wrong fraud approval costs more than one more partner call. */
const LARGE_ORDER_REVIEW_MINOR = 100_000;

/**
 * processOrder: validate, then in parallel reserve stock, authorize the card, check fraud and
 * collect carrier quotes (bounded, with a deadline); score the routes on the CPU queue; book the
 * best one; capture the payment. A cancellation or a partner failing for good undoes what was
 * done, in reverse, and the order ends saying which partner, which step and why.
 */
export async function processOrder(input: Order): Promise<OrderResult> {
  const order = setup(input);
  const tracker = new OrderTracker(order.orderId);
  const saga = new Compensations();
  const business = new CancellationScope();
  let finished = false;

  setHandler(statusQuery, () => tracker.view());
  setHandler(
    cancelOrderUpdate,
    async ({ reason }): Promise<CancelOrderOutcome> => {
      tracker.cancellation ??= { reason };
      business.cancel();
      await condition(() => finished);
      return { orderId: order.orderId, status: 'CANCELLED', reason: tracker.cancellation.reason, compensations: tracker.compensations };
    },
    {
      validator: ({ reason }) => {
        if (typeof reason !== 'string' || reason.trim() === '') throw new Error('a cancellation needs a reason');
        if (TERMINAL_STATUSES.includes(tracker.status)) throw new Error(`the order is already ${tracker.status}`);
        if (tracker.bookingStarted) throw new Error('the carrier is already booked: the parcel exists, so the order can no longer be cancelled');
        if (tracker.failure) throw new Error(`the order is already being rejected (${tracker.failure.partner}: ${tracker.failure.cause})`);
      },
    },
  );

  try {
    const result = await business.run(() => run(order, tracker, saga));
    tracker.moveTo('COMPLETED', 'nothing: the order is complete');
    return result;
  } catch (err) {
    const cancelled = isCancellation(err) && !tracker.failure;
    if (cancelled) tracker.cancellation ??= { reason: 'the workflow was cancelled by an operator' };
    tracker.moveTo('COMPENSATING', `undoing ${saga.size} completed step(s) in reverse order`);
    tracker.compensations = await saga.runAll((record) => tracker.compensations.push(record));
    const undone = tracker.compensations.map((c) => `${c.step} ${c.outcome}`).join(', ') || 'nothing to undo';
    if (cancelled) {
      tracker.moveTo('CANCELLED', `nothing: cancelled (${tracker.cancellation?.reason}); compensations: ${undone}`);
      return {
        orderId: order.orderId,
        status: 'CANCELLED',
        totalMinor: orderTotalMinor(order),
        currency: order.currency,
        cancellation: tracker.cancellation,
        compensations: tracker.compensations,
      };
    }
    const failure = tracker.failure ?? describeStepFailure(err, 'orderops', 'process-order');
    tracker.failed(failure);
    tracker.moveTo('REJECTED', `nothing: ${failure.partner} failed at ${failure.step} (${failure.cause}); compensations: ${undone}`);
    throw ApplicationFailure.create({
      type: failure.cause,
      message: `order ${order.orderId} rejected: ${failure.partner} failed at ${failure.step}: ${failure.message}. Compensations: ${undone}`,
      nonRetryable: true,
      details: [tracker.view()],
    });
  } finally {
    finished = true;
    // Let a cancelOrder update that is still answering finish before the workflow closes.
    await condition(allHandlersFinished);
  }
}

/** Validation is pure code; a bad order fails at once, naming every offending field. */
function setup(input: Order): Order {
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
    { key: ORDER_STATUS, value: 'RECEIVED' },
    { key: CUSTOMER_ID, value: order.customerId },
    { key: ORDER_TOTAL_MINOR, value: totalMinor },
    { key: SHIP_COUNTRY, value: order.shippingAddress.country },
  ]);
  upsertMemo({
    customer: order.customerId,
    total: formatMoney(totalMinor, order.currency),
    items: order.items.map((item) => `${item.quantity} x ${item.sku}`).join(', '),
    shipTo: `${order.shippingAddress.city}, ${order.shippingAddress.country}`,
  });
  return order;
}

async function run(order: Order, tracker: OrderTracker, saga: Compensations): Promise<OrderResult> {
  const queues = taskQueues();
  const step = stepRunner(tracker, queues);
  const totalMinor = orderTotalMinor(order);

  tracker.moveTo('RESERVING', 'planning from the synced partner data');
  const { carrierIds, warehouseIds, source } = await planFulfilment(order, step);
  tracker.warehouseSource = source;
  upsertMemo({ candidatesFrom: source });
  tracker.moveTo('RESERVING', `inventory, payment, fraud and carrier quotes in parallel (candidates from ${source})`);

  const fanOut = new CancellationScope();
  const { reservation, authorizationId, quotes } = await fanOut.run(async () => {
    const quoting = collectQuotes(order, carrierIds, warehouseIds, tracker, step);
    let reservation: Reservation | undefined;
    let authorizationId: string | undefined;
    const required = [
      step('inventory', 'reserve-inventory', 'reserve stock', policy.RESERVE_INVENTORY, () => partners.reserveInventory, {
        orderId: order.orderId,
        items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
        ...(warehouseIds.length > 0 ? { warehouseIds } : {}),
      }).then(
        (r) => {
          reservation = r;
          saga.register('release-inventory', 'inventory', () =>
            step('inventory', 'release-inventory', 'release stock', policy.COMPENSATE, () => partners.releaseInventory, r.reservationId).then(() => 'done' as const),
          );
        },
        (err: unknown) => {
          // Cancelled in flight: the partner may have reserved before the abort reached it.
          if (isCancellation(err)) {
            saga.register('release-inventory', 'inventory', () =>
              step('inventory', 'release-inventory', 'release stock reserved under our key, if any', policy.COMPENSATE, () => partners.releaseInventoryIfTaken).then(undone('released')),
            );
          }
          throw err;
        },
      ),
      step('payments', 'authorize-payment', `authorize ${formatMoney(totalMinor, order.currency)}`, policy.AUTHORIZE_PAYMENT, () => partners.authorizePayment, {
        orderId: order.orderId,
        amountMinor: totalMinor,
        currency: order.currency,
        paymentReference: order.paymentReference,
      }).then(
        (a) => {
          authorizationId = a.authorizationId;
          saga.register('void-authorization', 'payments', () =>
            step('payments', 'void-authorization', 'void authorization', policy.COMPENSATE, () => partners.voidPaymentAuthorization, a.authorizationId).then(() => 'done' as const),
          );
        },
        (err: unknown) => {
          if (isCancellation(err)) {
            saga.register('void-authorization', 'payments', () =>
              step('payments', 'void-authorization', 'void an authorization taken under our key, if any', policy.COMPENSATE, () => partners.voidAuthorizationIfTaken).then(undone('voided')),
            );
          }
          throw err;
        },
      ),
      step('fraud', 'check-fraud', 'score fraud risk', policy.CHECK_FRAUD, () => partners.checkFraud, {
        orderId: order.orderId,
        customerId: order.customerId,
        amountMinor: totalMinor,
        currency: order.currency,
        country: order.shippingAddress.country,
      }),
    ];
    try {
      await Promise.all(required);
    } catch (err) {
      // One required partner failed for good: stop the others, and wait until they have settled
      // so the compensations know exactly what was done.
      fanOut.cancel();
      await Promise.allSettled([...required, quoting]);
      throw err;
    }
    return { reservation: reservation as Reservation, authorizationId: authorizationId as string, quotes: await quoting };
  });

  // PATCH large-order-fraud-review (v2): see LARGE_ORDER_FRAUD_REVIEW above.
  if (totalMinor > LARGE_ORDER_REVIEW_MINOR && patched(LARGE_ORDER_FRAUD_REVIEW)) {
    await step('fraud', 'review-large-order', `second fraud review of a ${formatMoney(totalMinor, order.currency)} order`, policy.CHECK_FRAUD, () => partners.checkFraud, {
      orderId: order.orderId,
      customerId: order.customerId,
      amountMinor: totalMinor,
      currency: order.currency,
      country: order.shippingAddress.country,
    });
  }

  tracker.moveTo('SCORING', `route scoring of ${reservation.warehouses.length} warehouse(s) x ${quotes.length} quote(s) on ${queues.routeScoring}`);
  const route = await chooseRoute(order, reservation, quotes, tracker, step);
  tracker.route = route;
  upsertMemo({ route: `${route.warehouseId} -> ${route.carrierId} (${formatMoney(route.costMinor, order.currency)}, ${route.etaHours} h)` });

  tracker.bookingStarted = true;
  tracker.moveTo('BOOKING', `booking ${route.carrierId} from ${route.warehouseId}`);
  const quote = quotes.find((q) => q.carrierId === route.carrierId) as CarrierQuote;
  const booking = await step('carriers', 'book-carrier', `book ${route.carrierId}`, policy.BOOK_CARRIER, () => partners.bookCarrier, {
    carrierId: route.carrierId,
    quoteId: quote.quoteId,
    orderId: order.orderId,
    warehouseId: route.warehouseId,
  });

  tracker.moveTo('CAPTURING', `capturing ${formatMoney(totalMinor, order.currency)}`);
  const capture = await step('payments', 'capture-payment', `capture ${formatMoney(totalMinor, order.currency)}`, policy.CAPTURE_PAYMENT, () => partners.capturePayment, {
    authorizationId,
    amountMinor: totalMinor,
  });

  return {
    orderId: order.orderId,
    status: 'COMPLETED',
    totalMinor,
    currency: order.currency,
    route,
    booking: { bookingId: booking.bookingId, trackingNumber: booking.trackingNumber },
    captureId: capture.captureId,
    quotes: tracker.quotes,
    warehouseSource: tracker.warehouseSource,
    compensations: [],
  };
}

/**
 * Quotes every carrier, at most QUOTE_CONCURRENCY at a time, until QUOTE_DEADLINE_MS: what has
 * arrived by then is used, the rest is cancelled. Never throws for a single carrier.
 */
async function collectQuotes(order: Order, carrierIds: string[], warehouseIds: string[], tracker: OrderTracker, step: StepRunner): Promise<CarrierQuote[]> {
  const quotes: CarrierQuote[] = [];
  const refusals: string[] = [];
  const weightGrams = orderWeightGrams(order);
  await CancellationScope.withTimeout(policy.QUOTE_DEADLINE_MS, () =>
    mapBounded(carrierIds, policy.QUOTE_CONCURRENCY, async (carrierId) => {
      try {
        const quote = await step('carriers', `quote-carrier:${carrierId}`, `quote ${carrierId}`, policy.QUOTE_CARRIER, () => partners.quoteCarrier, {
          carrierId,
          orderId: order.orderId,
          destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
          weightGrams,
          warehouseIds,
        }, { optional: true });
        quotes.push(quote);
      } catch (err) {
        if (!isCancellation(err)) refusals.push(`${carrierId}: ${describeStepFailure(err, 'carriers', 'quote').message}`);
        throw err;
      }
    }),
  );
  tracker.quotes = { requested: carrierIds.length, received: quotes.length, partial: quotes.length < carrierIds.length };
  if (quotes.length < policy.MIN_QUOTES && !CancellationScope.current().consideredCancelled) {
    const cutOff = carrierIds.length - refusals.length;
    const failure = {
      partner: 'carriers',
      step: 'quote-carriers',
      cause: refusals.length > 0 && cutOff === 0 ? 'CarriersRefused' : 'NoCarrierQuotes',
      message: `no usable quote from ${carrierIds.length} carrier(s): ${refusals.length} failed, ${cutOff} cut off at the ${policy.QUOTE_DEADLINE_MS} ms deadline${refusals[0] ? ` (first failure: ${refusals[0]})` : ''}`,
    };
    tracker.failed(failure);
    throw ApplicationFailure.create({ type: failure.cause, message: failure.message, nonRetryable: true });
  }
  return quotes;
}

interface Candidates {
  carrierIds: string[];
  /** Empty: any warehouse that holds the items. */
  warehouseIds: string[];
  source: string;
}

/**
 * Candidates from the synced store when it is fresh (no partner call needed); otherwise the
 * carriers are asked directly, and the order's details say why.
 */
async function planFulfilment(order: Order, step: StepRunner): Promise<Candidates> {
  let reason: string;
  try {
    const plan = await fulfilment.planFulfilment({
      orderId: order.orderId,
      items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
      destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
    });
    if (plan.source === 'store') {
      return {
        carrierIds: plan.carrierIds,
        warehouseIds: plan.warehouses.map((w) => w.warehouseId),
        source: `synced store, ${plan.ageSeconds} s old`,
      };
    }
    reason = plan.reason;
  } catch (err) {
    if (isCancellation(err)) throw err;
    reason = `store unavailable: ${err instanceof Error ? err.message : String(err)}`;
  }
  const carriers = await step('carriers', 'list-carriers', 'list carriers', policy.LIST_CARRIERS, () => partners.listCarriers);
  return { carrierIds: carriers.map((c) => c.carrierId), warehouseIds: [], source: `partners (${reason})` };
}

async function chooseRoute(order: Order, reservation: Reservation, quotes: CarrierQuote[], tracker: OrderTracker, step: StepRunner): Promise<ChosenRoute> {
  const candidates = routeCandidates(reservation.warehouses, quotes);
  let scored: ScoreRoutesResult;
  try {
    scored = await step('route-scoring', 'score-routes', `score ${candidates.length} routes`, policy.SCORE_ROUTES, () => scoring.scoreRoutes, {
      orderId: order.orderId,
      destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
      candidates,
    }, { optional: true, queue: 'routeScoring' });
  } catch (err) {
    if (isCancellation(err)) throw err;
    // Scoring is an optimisation, not a requirement: without it, ship with the cheapest quote and say so.
    const cheapest = [...candidates].sort((a, b) => a.priceMinor - b.priceMinor || a.carrierId.localeCompare(b.carrierId))[0];
    if (!cheapest) throw err;
    tracker.waitingOn = `route scoring unavailable (${describeStepFailure(err, 'route-scoring', 'score-routes').message}); using the cheapest quote`;
    return { warehouseId: cheapest.warehouseId, carrierId: cheapest.carrierId, costMinor: cheapest.priceMinor, etaHours: cheapest.etaHours, distanceKm: 0, chosenBy: 'cheapest-quote' };
  }
  const best = scored.best;
  return { warehouseId: best.warehouseId, carrierId: best.carrierId, costMinor: best.costMinor, etaHours: best.etaHours, distanceKm: best.distanceKm, chosenBy: 'scorer' };
}

type ActivityFn<A, R> = ((arg: A) => Promise<R>) & { executeWithOptions(options: ActivityOptions, args: [A]): Promise<R> };
type NoArgActivityFn<R> = (() => Promise<R>) & { executeWithOptions(options: ActivityOptions, args: []): Promise<R> };
interface StepOptions {
  /** An optional step's failure is recorded but is not the order's failure (e.g. one carrier's quote). */
  optional?: boolean;
  queue?: keyof TaskQueues;
}
type StepRunner = ReturnType<typeof stepRunner>;

/**
 * One partner step: its activity options, the queue it runs on, a summary the Web UI shows beside
 * the activity, and the step's state in the `status` query. The first required step that fails
 * for good becomes the order's failure.
 */
function stepRunner(tracker: OrderTracker, queues: TaskQueues) {
  function step<R>(partner: string, name: string, summary: string, options: ActivityOptions, activity: () => NoArgActivityFn<R>): Promise<R>;
  function step<A, R>(partner: string, name: string, summary: string, options: ActivityOptions, activity: () => ActivityFn<A, R>, arg: A, stepOptions?: StepOptions): Promise<R>;
  async function step<A, R>(
    partner: string,
    name: string,
    summary: string,
    options: ActivityOptions,
    activity: () => ActivityFn<A, R> | NoArgActivityFn<R>,
    arg?: A,
    stepOptions?: StepOptions,
  ): Promise<R> {
    const taskQueue = queues[stepOptions?.queue ?? 'partnerIo'];
    tracker.stepChanged(name, partner, 'running');
    try {
      const fn = activity() as ActivityFn<A | undefined, R>;
      const args = (arg === undefined ? [] : [arg]) as [A | undefined];
      const result = await fn.executeWithOptions({ ...options, taskQueue, summary: `${partner}: ${summary}` }, args);
      tracker.stepChanged(name, partner, 'done');
      return result;
    } catch (err) {
      if (isCancellation(err)) {
        tracker.stepChanged(name, partner, 'cancelled');
      } else {
        const failure = describeStepFailure(err, partner, name);
        tracker.stepChanged(name, partner, 'failed', `${failure.cause}: ${failure.message}`);
        if (!stepOptions?.optional) tracker.failed(failure);
      }
      throw err;
    }
  }
  return step;
}

function undone<K extends string>(key: K) {
  return (answer: Record<K, boolean>) => (answer[key] ? ('done' as const) : ('not-needed' as const));
}

/** Queue names can be changed per deployment; the starter passes them in the memo. */
function taskQueues(): TaskQueues {
  const fromMemo = workflowInfo().memo?.taskQueues as Partial<TaskQueues> | undefined;
  return { ...DEFAULT_TASK_QUEUES, ...fromMemo };
}
