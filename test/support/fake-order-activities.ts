import { ApplicationFailure } from '@temporalio/common';
import type { FulfilmentActivities } from '../../src/activities/fulfilment-activities';
import type { OrderClaimActivities } from '../../src/activities/order-claim-activities';
import type { PartnerActivities } from '../../src/activities/partner-activities';
import type { ScoringActivities } from '../../src/activities/scoring-activities';
import type { CarrierQuote } from '../../src/partners/partner-api';

/** Every activity processOrder proxies, by the name it proxies it under. */
export type OrderActivityFakes = PartnerActivities & FulfilmentActivities & OrderClaimActivities & ScoringActivities;
export const ORDER_ACTIVITY_NAMES = [
  'claimOrder',
  'planFulfilment',
  'listCarriers',
  'reserveInventory',
  'releaseInventory',
  'releaseInventoryIfTaken',
  'authorizePayment',
  'voidPaymentAuthorization',
  'voidAuthorizationIfTaken',
  'checkFraud',
  'quoteCarrier',
  'quoteCarriers',
  'scoreRoutes',
  'bookCarrier',
  'capturePayment',
] as const satisfies readonly (keyof OrderActivityFakes)[];

export const CARRIER_IDS = ['carrier-01', 'carrier-02', 'carrier-03'];

/** carrier-02 is the cheapest; the fake scorer prefers carrier-03, so the two choices differ. */
export function quoteFrom(carrierId: string): CarrierQuote {
  const priceMinor = { 'carrier-01': 1_500, 'carrier-02': 900, 'carrier-03': 1_200 }[carrierId] ?? 2_000;
  return {
    quoteId: `quote-${carrierId}`,
    carrierId,
    priceMinor,
    currency: 'EUR',
    etaHours: 24,
    hubNode: 7,
    validUntil: '2030-01-01T00:00:00.000Z',
  };
}

/** A refusal as the partner step wrapper raises it: non-retryable, typed. */
export function refusal(type: string, message = type): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

/**
 * Partners that say yes to everything, quickly. Each call is logged by name (compensations with
 * what they undo), so a test can assert what ran, in which order, and how often.
 */
export function happyPartners(log: string[] = []): OrderActivityFakes & { log: string[] } {
  const called = <T>(name: string, value: T): Promise<T> => {
    log.push(name);
    return Promise.resolve(value);
  };
  return {
    log,
    claimOrder: () => called('claimOrder', { claimed: true }),
    planFulfilment: () => called('planFulfilment', { source: 'partners', reason: 'nothing synced yet (test)' }),
    listCarriers: () =>
      called(
        'listCarriers',
        CARRIER_IDS.map((carrierId, i) => ({ carrierId, name: carrierId, hubNode: i })),
      ),
    reserveInventory: (input) =>
      called('reserveInventory', {
        reservationId: 'res-1',
        orderId: input.orderId,
        warehouses: [{ warehouseId: 'wh-01', node: 3 }],
      }),
    releaseInventory: (reservationId) => called(`releaseInventory ${reservationId}`, { released: true }),
    releaseInventoryIfTaken: () => called('releaseInventoryIfTaken', { released: false }),
    authorizePayment: () => called('authorizePayment', { authorizationId: 'auth-1' }),
    voidPaymentAuthorization: (authorizationId) =>
      called(`voidPaymentAuthorization ${authorizationId}`, { voided: true }),
    voidAuthorizationIfTaken: () => called('voidAuthorizationIfTaken', { voided: false }),
    checkFraud: () => called('checkFraud', { score: 0.1, decision: 'approve' as const }),
    quoteCarrier: (input) => called('quoteCarrier', quoteFrom(input.carrierId)),
    quoteCarriers: (input) =>
      called('quoteCarriers', {
        quotes: input.carrierIds.map(quoteFrom),
        carriers: input.carrierIds.map((carrierId) => ({ carrierId, outcome: 'quoted' as const })),
      }),
    scoreRoutes: (input) => {
      const best = input.candidates.find((c) => c.carrierId === 'carrier-03') ?? input.candidates[0];
      if (!best) throw refusal('NoCandidates');
      const route = {
        reachable: true as const,
        warehouseId: best.warehouseId,
        carrierId: best.carrierId,
        distanceKm: 42,
        driveHours: 1,
        etaHours: best.etaHours,
        costMinor: best.priceMinor,
        score: 1,
      };
      return called('scoreRoutes', {
        best: route,
        candidates: input.candidates.length,
        reachable: input.candidates.length,
        computeMs: 1,
      });
    },
    bookCarrier: (input) =>
      called('bookCarrier', {
        bookingId: `booking-${input.carrierId}`,
        carrierId: input.carrierId,
        trackingNumber: 'TRACK-1',
      }),
    capturePayment: (input) => called('capturePayment', { captureId: `capture-${input.authorizationId}` }),
  };
}
