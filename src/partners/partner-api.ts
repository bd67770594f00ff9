import type { Currency, LineItem } from '../domain/order';
import type { PartnerClient } from './partner-client';
import { PartnerCallError } from './partner-errors';

/** The partners' contracts, typed. Every mutation takes the idempotency key the caller derives. */
export interface Warehouse {
  warehouseId: string;
  node: number;
}
export interface Reservation {
  reservationId: string;
  orderId: string;
  warehouses: Warehouse[];
}
export interface Authorization {
  authorizationId: string;
  status: 'authorized';
  amountMinor: number;
  currency: Currency;
}
export interface FraudAssessment {
  score: number;
  decision: 'approve' | 'review' | 'reject';
}
export interface Carrier {
  carrierId: string;
  name: string;
  hubNode: number;
}
export interface CarrierQuote {
  quoteId: string;
  carrierId: string;
  priceMinor: number;
  currency: string;
  etaHours: number;
  hubNode: number;
  validUntil: string;
}
export interface CarrierBooking {
  bookingId: string;
  carrierId: string;
  trackingNumber: string;
}
export interface Capture {
  authorizationId: string;
  status: 'captured';
  captureId: string;
}
export interface Destination {
  country: string;
  postalCode: string;
}

type Options = { idempotencyKey: string; signal?: AbortSignal };
const seg = encodeURIComponent;

export function partnerApi(client: PartnerClient) {
  return {
    reserveInventory: (
      body: { orderId: string; items: Pick<LineItem, 'sku' | 'quantity'>[]; warehouseIds?: string[] },
      o: Options,
    ) =>
      client.call<Reservation>({
        partner: 'inventory',
        operation: 'reserve',
        method: 'POST',
        path: '/inventory/reservations',
        body,
        ...o,
      }),
    /** The reservation accepted under `key`, or undefined if the partner accepted none. */
    findReservationByKey: (key: string, o: { signal?: AbortSignal } = {}) =>
      findByKey<Reservation>(client, 'inventory', `/inventory/reservations?idempotencyKey=${seg(key)}`, o.signal),
    releaseInventory: (reservationId: string, o: Options) =>
      client.call<{ reservationId: string; released: boolean }>({
        partner: 'inventory',
        operation: 'release',
        method: 'POST',
        path: `/inventory/reservations/${seg(reservationId)}/release`,
        body: {},
        ...o,
      }),
    authorizePayment: (
      body: { orderId: string; amountMinor: number; currency: Currency; paymentReference: string },
      o: Options,
    ) =>
      client.call<Authorization>({
        partner: 'payments',
        operation: 'authorize',
        method: 'POST',
        path: '/payments/authorizations',
        body,
        ...o,
      }),
    findAuthorizationByKey: (key: string, o: { signal?: AbortSignal } = {}) =>
      findByKey<Authorization>(client, 'payments', `/payments/authorizations?idempotencyKey=${seg(key)}`, o.signal),
    voidAuthorization: (authorizationId: string, o: Options) =>
      client.call<{ authorizationId: string; status: 'voided' }>({
        partner: 'payments',
        operation: 'void',
        method: 'POST',
        path: `/payments/authorizations/${seg(authorizationId)}/void`,
        body: {},
        ...o,
      }),
    capturePayment: (authorizationId: string, amountMinor: number, o: Options) =>
      client.call<Capture>({
        partner: 'payments',
        operation: 'capture',
        method: 'POST',
        path: `/payments/authorizations/${seg(authorizationId)}/capture`,
        body: { amountMinor },
        ...o,
      }),
    scoreFraud: (
      body: { orderId: string; customerId: string; amountMinor: number; currency: Currency; country: string },
      o: Options,
    ) =>
      client.call<FraudAssessment>({
        partner: 'fraud',
        operation: 'score',
        method: 'POST',
        path: '/fraud/scores',
        body,
        ...o,
      }),
    listCarriers: (o: { signal?: AbortSignal } = {}) =>
      client.call<Carrier[]>({ partner: 'carriers', operation: 'list', method: 'GET', path: '/carriers', ...o }),
    quoteCarrier: (
      carrierId: string,
      body: { orderId: string; destination: Destination; weightGrams: number; warehouseIds: string[] },
      o: Options,
    ) =>
      client.call<CarrierQuote>({
        partner: 'carriers',
        operation: 'quote',
        method: 'POST',
        path: `/carriers/${seg(carrierId)}/quotes`,
        body,
        ...o,
      }),
    bookCarrier: (carrierId: string, body: { quoteId: string; orderId: string; warehouseId: string }, o: Options) =>
      client.call<CarrierBooking>({
        partner: 'carriers',
        operation: 'book',
        method: 'POST',
        path: `/carriers/${seg(carrierId)}/bookings`,
        body,
        ...o,
      }),
  };
}

export type PartnerApi = ReturnType<typeof partnerApi>;

async function findByKey<T>(
  client: PartnerClient,
  partner: 'inventory' | 'payments',
  path: string,
  signal?: AbortSignal,
): Promise<T | undefined> {
  try {
    return await client.call<T>({ partner, operation: 'lookup', method: 'GET', path, signal });
  } catch (err) {
    if (err instanceof PartnerCallError && err.httpStatus === 404) return undefined;
    throw err;
  }
}
