import { ApplicationFailure } from '@temporalio/common';
import type { Currency, LineItem } from '../domain/order';
import type { Carrier, CarrierBooking, CarrierQuote, Destination, PartnerApi, Reservation } from '../partners/partner-api';
import { idempotencyKeyFor, runPartnerStep } from './partner-step';

export interface ReserveInventoryInput {
  orderId: string;
  items: Pick<LineItem, 'sku' | 'quantity'>[];
  warehouseIds?: string[];
}
export interface AuthorizePaymentInput {
  orderId: string;
  amountMinor: number;
  currency: Currency;
  paymentReference: string;
}
export interface FraudCheckInput {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: Currency;
  country: string;
}
export interface QuoteCarrierInput {
  carrierId: string;
  orderId: string;
  destination: Destination;
  weightGrams: number;
  warehouseIds: string[];
}
export interface BookCarrierInput {
  carrierId: string;
  quoteId: string;
  orderId: string;
  warehouseId: string;
}

/** Partner activities (task queue `partner-io`): I/O-bound, each one HTTP call, many in flight per worker. */
export function createPartnerActivities({ api }: { api: PartnerApi }) {
  return {
    reserveInventory(input: ReserveInventoryInput): Promise<Reservation> {
      return runPartnerStep('reserve-inventory', (o) => api.reserveInventory(input, o));
    },

    async releaseInventory(reservationId: string): Promise<{ released: boolean }> {
      const answer = await runPartnerStep('release-inventory', (o) => api.releaseInventory(reservationId, o));
      return { released: answer.released };
    },

    /** Compensation for a reservation whose answer was lost: release what was accepted under its key, if anything. */
    async releaseInventoryIfTaken(): Promise<{ released: boolean }> {
      const reservation = await runPartnerStep('release-inventory', (o) =>
        api.findReservationByKey(idempotencyKeyFor('reserve-inventory'), { signal: o.signal }),
      );
      if (!reservation) return { released: false };
      const answer = await runPartnerStep('release-inventory', (o) => api.releaseInventory(reservation.reservationId, o));
      return { released: answer.released };
    },

    async authorizePayment(input: AuthorizePaymentInput): Promise<{ authorizationId: string }> {
      const authorization = await runPartnerStep('authorize-payment', (o) => api.authorizePayment(input, o));
      return { authorizationId: authorization.authorizationId };
    },

    async voidPaymentAuthorization(authorizationId: string): Promise<{ voided: boolean }> {
      const answer = await runPartnerStep('void-authorization', (o) => api.voidAuthorization(authorizationId, o));
      return { voided: answer.status === 'voided' };
    },

    /**
     * Compensation for an authorization whose answer was lost (its call was cancelled in flight):
     * ask the partner what it accepted under the authorize step's key, and void that if anything.
     */
    async voidAuthorizationIfTaken(): Promise<{ voided: boolean }> {
      const authorization = await runPartnerStep('void-authorization', (o) =>
        api.findAuthorizationByKey(idempotencyKeyFor('authorize-payment'), { signal: o.signal }),
      );
      if (!authorization) return { voided: false };
      const answer = await runPartnerStep('void-authorization', (o) => api.voidAuthorization(authorization.authorizationId, o));
      return { voided: answer.status === 'voided' };
    },

    async capturePayment(input: { authorizationId: string; amountMinor: number }): Promise<{ captureId: string }> {
      const capture = await runPartnerStep('capture-payment', (o) => api.capturePayment(input.authorizationId, input.amountMinor, o));
      return { captureId: capture.captureId };
    },

    async checkFraud(input: FraudCheckInput): Promise<{ score: number; decision: 'approve' | 'review' }> {
      const assessment = await runPartnerStep('check-fraud', (o) => api.scoreFraud(input, o));
      if (assessment.decision === 'reject') {
        throw ApplicationFailure.create({
          message: `fraud rejected the order (score ${assessment.score.toFixed(2)})`,
          type: 'FraudRejected',
          nonRetryable: true,
          details: [{ partner: 'fraud', operation: 'score', step: 'check-fraud', code: 'FraudRejected' }],
        });
      }
      return { score: assessment.score, decision: assessment.decision };
    },

    listCarriers(): Promise<Carrier[]> {
      return runPartnerStep('list-carriers', (o) => api.listCarriers({ signal: o.signal }));
    },

    quoteCarrier(input: QuoteCarrierInput): Promise<CarrierQuote> {
      const { carrierId, ...body } = input;
      return runPartnerStep(`quote-carrier:${carrierId}`, (o) => api.quoteCarrier(carrierId, body, o));
    },

    bookCarrier(input: BookCarrierInput): Promise<CarrierBooking> {
      const { carrierId, ...body } = input;
      return runPartnerStep('book-carrier', (o) => api.bookCarrier(carrierId, body, o));
    },
  };
}

export type PartnerActivities = ReturnType<typeof createPartnerActivities>;
