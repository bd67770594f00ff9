import { routeCandidates } from '../../src/domain/route-candidates';
import { orderTotalMinor, orderWeightGrams } from '../../src/domain/money';
import type { Order } from '../../src/domain/order';
import type { CarrierQuote, PartnerApi } from '../../src/partners/partner-api';
import { destinationNodeFor } from '../../src/scoring/destination-node';
import type { NetworkSpec } from '../../src/scoring/road-network';
import type { RouteScoringInput, RouteScoringResult } from '../../src/scoring/route-scorer';
import { mapBounded } from '../../src/workflows/order/bounded-fan-out';
import { QUOTE_CONCURRENCY, QUOTE_DEADLINE_MS } from '../../src/workflows/order/policies';

export interface PlainOrderDeps {
  api: PartnerApi;
  scorer: { score(input: RouteScoringInput): Promise<RouteScoringResult> };
  network: NetworkSpec;
}

/**
 * processOrder's happy path as plain Node, for the baseline: the same partner calls over the same
 * undici client, the same parallel fan-out with the same quote concurrency and deadline, and the
 * same scorer off the event loop. What it lacks is what Temporal adds: durability, retries,
 * compensation and visibility. The difference in latency is what those cost.
 */
export async function placePlainOrder(
  deps: PlainOrderDeps,
  order: Order,
): Promise<{ carrierId: string; captureId: string }> {
  const { api } = deps;
  const key = (step: string): { idempotencyKey: string } => ({ idempotencyKey: `plain-${order.orderId}:${step}` });
  const amountMinor = orderTotalMinor(order);
  const destination = { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode };

  const carriers = await api.listCarriers();
  const [reservation, authorization, fraud, quotes] = await Promise.all([
    api.reserveInventory(
      { orderId: order.orderId, items: order.items.map(({ sku, quantity }) => ({ sku, quantity })) },
      key('reserve-inventory'),
    ),
    api.authorizePayment(
      { orderId: order.orderId, amountMinor, currency: order.currency, paymentReference: order.paymentReference },
      key('authorize-payment'),
    ),
    api.scoreFraud(
      {
        orderId: order.orderId,
        customerId: order.customerId,
        amountMinor,
        currency: order.currency,
        country: destination.country,
      },
      key('check-fraud'),
    ),
    collectQuotes(
      api,
      order,
      carriers.map((carrier) => carrier.carrierId),
      key,
    ),
  ]);
  if (fraud.decision === 'reject') throw new Error(`fraud rejected order ${order.orderId}`);

  const candidates = routeCandidates(reservation.warehouses, quotes);
  const { best } = await deps.scorer.score({
    network: deps.network,
    destinationNode: destinationNodeFor(destination, deps.network.nodeCount),
    candidates,
  });
  const quote = quotes.find((q) => q.carrierId === best.carrierId) as CarrierQuote;
  await api.bookCarrier(
    best.carrierId,
    { quoteId: quote.quoteId, orderId: order.orderId, warehouseId: best.warehouseId },
    key('book-carrier'),
  );
  const capture = await api.capturePayment(authorization.authorizationId, amountMinor, key('capture-payment'));
  return { carrierId: best.carrierId, captureId: capture.captureId };
}

async function collectQuotes(
  api: PartnerApi,
  order: Order,
  carrierIds: string[],
  key: (step: string) => { idempotencyKey: string },
): Promise<CarrierQuote[]> {
  const deadline = AbortSignal.timeout(QUOTE_DEADLINE_MS);
  const body = {
    orderId: order.orderId,
    destination: { country: order.shippingAddress.country, postalCode: order.shippingAddress.postalCode },
    weightGrams: orderWeightGrams(order),
    warehouseIds: [],
  };
  const settled = await mapBounded(carrierIds, QUOTE_CONCURRENCY, (carrierId) =>
    api.quoteCarrier(carrierId, body, { ...key(`quote-carrier:${carrierId}`), signal: deadline }),
  );
  const quotes = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  if (quotes.length === 0) throw new Error(`no carrier quoted order ${order.orderId}`);
  return quotes;
}
