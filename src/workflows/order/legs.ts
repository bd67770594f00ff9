import { ApplicationFailure, CancellationScope, isCancellation, workflowInfo } from '@temporalio/workflow';
import type { ChosenRoute, QuoteModel } from '../../contracts/order-workflow';
import { DUPLICATE_ORDER } from '../../contracts/order-workflow';
import { ORDER_STEPS } from '../../contracts/order-steps';
import { formatMoney, orderTotalMinor } from '../../domain/money';
import { routeCandidates } from '../../domain/route-candidates';
import type { CarrierBooking, CarrierQuote, Reservation } from '../../partners/partner-api';
import { describeStepFailure, isPartnerRefusal } from './failures';
import type { OrderRun } from './order-run';
import { collectQuotes, type Candidates } from './quotes';
import type { Undo } from './saga';

/**
 * Refuses a second run under an order id an earlier run already processed, before any partner is
 * called: the partners' idempotency keys would hand it the first run's reservation,
 * authorization and booking back, and its saga could undo a completed order.
 */
export async function claimOrderId(run: OrderRun): Promise<void> {
  const { order, tracker, calls } = run;
  const answer = await calls.claimOrder({ orderId: order.orderId, firstRunId: workflowInfo().firstExecutionRunId });
  if (answer.claimed) return;
  const { earlier } = answer;
  const failure = {
    partner: 'orderops',
    step: ORDER_STEPS.claimOrder.step,
    type: DUPLICATE_ORDER,
    message: `order ${order.orderId} was already processed by run ${earlier.firstRunId} of ${earlier.workflowId} (claimed ${earlier.claimedAt}); no partner was called`,
  };
  tracker.duplicateOf(earlier);
  tracker.failed(failure);
  throw ApplicationFailure.create({
    type: DUPLICATE_ORDER,
    message: failure.message,
    nonRetryable: true,
    details: [earlier],
  });
}

/**
 * Candidates from the synced store when it is fresh (no partner call needed); otherwise the
 * carriers are asked directly, and the order's details say why.
 */
export async function planCandidates(run: OrderRun): Promise<Candidates> {
  const { order, calls, tracker } = run;
  let reason: string;
  try {
    const plan = await calls.planFulfilment({
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
  const carriers = await tracker.step(ORDER_STEPS.listCarriers, () => calls.listCarriers());
  return { carrierIds: carriers.map((c) => c.carrierId), warehouseIds: [], source: `partners (${reason})` };
}

export interface Held {
  reservation: Reservation;
  authorizationId: string;
  quotes: CarrierQuote[];
}

/**
 * Stock, payment, fraud and quotes in parallel. The first required leg that fails for good stops
 * the others, and everything is settled before the failure goes on, so the saga knows exactly
 * what was done.
 */
export async function holdStockAndPayment(
  run: OrderRun,
  candidates: Candidates,
  quoteModel: QuoteModel,
): Promise<Held> {
  const fanOut = new CancellationScope();
  return fanOut.run(async () => {
    const quoting = collectQuotes(run, candidates, quoteModel);
    quoting.catch(() => undefined); // awaited below; marked handled so an early rejection is not "unhandled"
    const required = [holdStock(run, candidates), authorizeCard(run), checkFraud(run)] as const;
    try {
      if (run.v3) {
        const [reservation, authorizationId, , quotes] = await Promise.all([...required, quoting]);
        return { reservation, authorizationId, quotes };
      }
      const [reservation, authorizationId] = await Promise.all(required);
      return { reservation, authorizationId, quotes: await quoting };
    } catch (err) {
      fanOut.cancel();
      await Promise.allSettled([...required, quoting]);
      throw err;
    }
  });
}

async function holdStock(run: OrderRun, candidates: Candidates): Promise<Reservation> {
  const { order, tracker, saga, calls } = run;
  const undo =
    (call: () => Promise<'done' | 'not-needed'>): Undo =>
    () =>
      tracker.step(ORDER_STEPS.releaseInventory, call, { optional: run.v3 });
  try {
    const reservation = await tracker.step(ORDER_STEPS.reserveInventory, () =>
      calls.reserveInventory({
        orderId: order.orderId,
        items: order.items.map(({ sku, quantity }) => ({ sku, quantity })),
        ...(candidates.warehouseIds.length > 0 ? { warehouseIds: candidates.warehouseIds } : {}),
      }),
    );
    saga.register(
      ORDER_STEPS.releaseInventory,
      undo(() => calls.releaseInventory(reservation.reservationId).then(() => 'done')),
    );
    return reservation;
  } catch (err) {
    // The partner may have reserved and its answer been lost: release whatever it holds under our key.
    if (inDoubt(run, err))
      saga.register(
        ORDER_STEPS.releaseInventory,
        undo(() => calls.releaseInventoryIfTaken().then((a) => (a.released ? 'done' : 'not-needed'))),
      );
    throw err;
  }
}

async function authorizeCard(run: OrderRun): Promise<string> {
  const { order, tracker, saga, calls } = run;
  const undo =
    (call: () => Promise<'done' | 'not-needed'>): Undo =>
    () =>
      tracker.step(ORDER_STEPS.voidAuthorization, call, { optional: run.v3 });
  try {
    const { authorizationId } = await tracker.step(ORDER_STEPS.authorizePayment, () =>
      calls.authorizePayment({
        orderId: order.orderId,
        amountMinor: orderTotalMinor(order),
        currency: order.currency,
        paymentReference: order.paymentReference,
      }),
    );
    saga.register(
      ORDER_STEPS.voidAuthorization,
      undo(() => calls.voidAuthorization(authorizationId).then(() => 'done')),
    );
    return authorizationId;
  } catch (err) {
    if (inDoubt(run, err))
      saga.register(
        ORDER_STEPS.voidAuthorization,
        undo(() => calls.voidAuthorizationIfTaken().then((a) => (a.voided ? 'done' : 'not-needed'))),
      );
    throw err;
  }
}

/** Cancelled in flight, or (since v3) failed in any way but the partner's own refusal: it may have acted. */
function inDoubt(run: OrderRun, err: unknown): boolean {
  return isCancellation(err) || (run.v3 && !isPartnerRefusal(err));
}

export async function checkFraud(run: OrderRun): Promise<void> {
  await run.tracker.step(ORDER_STEPS.checkFraud, () => run.calls.checkFraud(fraudCheckOf(run)));
}

/** A second fraud review once stock and payment are held: for a large order, a wrong approval costs more than a call. */
export async function reviewLargeOrder(run: OrderRun): Promise<void> {
  await run.tracker.step(ORDER_STEPS.reviewLargeOrder, () => run.calls.reviewLargeOrder(fraudCheckOf(run)));
}

function fraudCheckOf({ order }: OrderRun) {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    amountMinor: orderTotalMinor(order),
    currency: order.currency,
    country: order.shippingAddress.country,
  };
}

/** Route scoring is an optimisation, not a requirement: without it, ship with the cheapest quote and say so. */
export async function chooseRoute(
  run: OrderRun,
  reservation: Reservation,
  quotes: CarrierQuote[],
): Promise<ChosenRoute> {
  const { order, tracker, calls } = run;
  const candidates = routeCandidates(reservation.warehouses, quotes);
  try {
    const { best } = await tracker.step(
      ORDER_STEPS.scoreRoutes,
      () =>
        calls.scoreRoutes({
          orderId: order.orderId,
          destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
          candidates,
        }),
      { optional: true },
    );
    return {
      warehouseId: best.warehouseId,
      carrierId: best.carrierId,
      costMinor: best.costMinor,
      etaHours: best.etaHours,
      distanceKm: best.distanceKm,
      chosenBy: 'scorer',
    };
  } catch (err) {
    if (isCancellation(err)) throw err;
    const cheapest = [...candidates].sort(
      (a, b) => a.priceMinor - b.priceMinor || a.carrierId.localeCompare(b.carrierId),
    )[0];
    if (!cheapest) throw err;
    tracker.note(
      `route scoring unavailable (${describeStepFailure(err, 'route-scoring', 'score-routes').message}); using the cheapest quote`,
    );
    return {
      warehouseId: cheapest.warehouseId,
      carrierId: cheapest.carrierId,
      costMinor: cheapest.priceMinor,
      etaHours: cheapest.etaHours,
      distanceKm: 0,
      chosenBy: 'cheapest-quote',
    };
  }
}

/**
 * Books the carrier and captures the payment. Once booking starts the parcel exists, and nothing
 * undoes a booking: since v3 both run to completion even if an operator cancels the workflow, so
 * an order never ends booked but unpaid with its stock released.
 */
export async function shipAndCharge(
  run: OrderRun,
  route: ChosenRoute,
  quotes: CarrierQuote[],
  authorizationId: string,
): Promise<{ booking: CarrierBooking; captureId: string }> {
  const { order, tracker, calls } = run;
  const totalMinor = orderTotalMinor(order);
  const quote = quotes.find((q) => q.carrierId === route.carrierId) as CarrierQuote;
  const bookAndCapture = async () => {
    tracker.moveTo('BOOKING', `booking ${route.carrierId} from ${route.warehouseId}`);
    const booking = await tracker.step(ORDER_STEPS.bookCarrier, () =>
      calls.bookCarrier({
        carrierId: route.carrierId,
        quoteId: quote.quoteId,
        orderId: order.orderId,
        warehouseId: route.warehouseId,
      }),
    );
    tracker.moveTo('CAPTURING', `capturing ${formatMoney(totalMinor, order.currency)}`);
    const { captureId } = await tracker.step(ORDER_STEPS.capturePayment, () =>
      calls.capturePayment({ authorizationId, amountMinor: totalMinor }),
    );
    return { booking, captureId };
  };
  if (!run.v3) return bookAndCapture();
  try {
    return await CancellationScope.nonCancellable(bookAndCapture);
  } catch (err) {
    // Booked but the capture failed for good (after 30 min of retries), or the booking itself is in
    // doubt: the saga voids the authorization, but only a person can settle the parcel.
    if (!isPartnerRefusal(err) || tracker.status === 'CAPTURING') {
      tracker.needsAttention({
        partner: 'carriers',
        step: ORDER_STEPS.bookCarrier.step,
        reason: `${route.carrierId} may hold a booking for order ${order.orderId} under key ${workflowInfo().workflowId}:${ORDER_STEPS.bookCarrier.step}: ${describeStepFailure(err, 'carriers', 'book-carrier').message}`,
      });
    }
    throw err;
  }
}
