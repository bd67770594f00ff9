import { ApplicationFailure } from '@temporalio/common';
import type { Currency, LineItem } from '../domain/order';
import type {
  Carrier,
  CarrierBooking,
  CarrierQuote,
  Destination,
  PartnerApi,
  Reservation,
} from '../partners/partner-api';
import { ORDER_STEPS, quoteStepFor } from '../contracts/order-steps';
import { idempotencyKeyFor, runPartnerStep } from './partner-step';
import { quoteCarriers, type QuoteCarriersInput, type QuoteCarriersResult } from './quote-carriers';

export type { QuoteCarriersInput, QuoteCarriersResult } from './quote-carriers';

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
      return runPartnerStep(ORDER_STEPS.reserveInventory.step, (call) => api.reserveInventory(input, call));
    },

    async releaseInventory(reservationId: string): Promise<{ released: boolean }> {
      const answer = await runPartnerStep(ORDER_STEPS.releaseInventory.step, (call) =>
        api.releaseInventory(reservationId, call),
      );
      return { released: answer.released };
    },

    /** Compensation for a reservation whose answer was lost: release what was accepted under its key, if anything. */
    async releaseInventoryIfTaken(): Promise<{ released: boolean }> {
      const reservation = await runPartnerStep(ORDER_STEPS.releaseInventory.step, (call) =>
        api.findReservationByKey(idempotencyKeyFor(ORDER_STEPS.reserveInventory.step), { signal: call.signal }),
      );
      if (!reservation) return { released: false };
      const answer = await runPartnerStep(ORDER_STEPS.releaseInventory.step, (call) =>
        api.releaseInventory(reservation.reservationId, call),
      );
      return { released: answer.released };
    },

    async authorizePayment(input: AuthorizePaymentInput): Promise<{ authorizationId: string }> {
      const authorization = await runPartnerStep(ORDER_STEPS.authorizePayment.step, (call) =>
        api.authorizePayment(input, call),
      );
      return { authorizationId: authorization.authorizationId };
    },

    async voidPaymentAuthorization(authorizationId: string): Promise<{ voided: boolean }> {
      const answer = await runPartnerStep(ORDER_STEPS.voidAuthorization.step, (call) =>
        api.voidAuthorization(authorizationId, call),
      );
      return { voided: answer.status === 'voided' };
    },

    /**
     * Compensation for an authorization whose answer was lost (its call was cancelled in flight):
     * ask the partner what it accepted under the authorize step's key, and void that if anything.
     */
    async voidAuthorizationIfTaken(): Promise<{ voided: boolean }> {
      const authorization = await runPartnerStep(ORDER_STEPS.voidAuthorization.step, (call) =>
        api.findAuthorizationByKey(idempotencyKeyFor(ORDER_STEPS.authorizePayment.step), { signal: call.signal }),
      );
      if (!authorization) return { voided: false };
      const answer = await runPartnerStep(ORDER_STEPS.voidAuthorization.step, (call) =>
        api.voidAuthorization(authorization.authorizationId, call),
      );
      return { voided: answer.status === 'voided' };
    },

    async capturePayment(input: { authorizationId: string; amountMinor: number }): Promise<{ captureId: string }> {
      const capture = await runPartnerStep(ORDER_STEPS.capturePayment.step, (call) =>
        api.capturePayment(input.authorizationId, input.amountMinor, call),
      );
      return { captureId: capture.captureId };
    },

    async checkFraud(input: FraudCheckInput): Promise<{ score: number; decision: 'approve' | 'review' }> {
      const assessment = await runPartnerStep(ORDER_STEPS.checkFraud.step, (call) => api.scoreFraud(input, call));
      if (assessment.decision === 'reject') {
        throw ApplicationFailure.create({
          message: `fraud rejected the order (score ${assessment.score.toFixed(2)})`,
          type: 'FraudRejected',
          nonRetryable: true,
          details: [{ partner: 'fraud', operation: 'score', step: ORDER_STEPS.checkFraud.step, code: 'FraudRejected' }],
        });
      }
      return { score: assessment.score, decision: assessment.decision };
    },

    listCarriers(): Promise<Carrier[]> {
      return runPartnerStep(ORDER_STEPS.listCarriers.step, (call) => api.listCarriers({ signal: call.signal }));
    },

    quoteCarrier(input: QuoteCarrierInput): Promise<CarrierQuote> {
      const { carrierId, ...body } = input;
      return runPartnerStep(quoteStepFor(carrierId), (call) => api.quoteCarrier(carrierId, body, call));
    },

    /** Every carrier in one activity: the fan-out runs here, with async I/O (see quote-carriers.ts). */
    quoteCarriers(input: QuoteCarriersInput): Promise<QuoteCarriersResult> {
      return quoteCarriers(api, input);
    },

    bookCarrier(input: BookCarrierInput): Promise<CarrierBooking> {
      const { carrierId, ...body } = input;
      return runPartnerStep(ORDER_STEPS.bookCarrier.step, (call) => api.bookCarrier(carrierId, body, call));
    },
  };
}

export type PartnerActivities = ReturnType<typeof createPartnerActivities>;
