import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * The order workflow's public face: its statuses, the `status` query, the `cancelOrder` update
 * and the result. Workflows, workers, the client and the API all import these definitions.
 */
export const ORDER_STATUSES = [
  'RECEIVED',
  'RESERVING',
  'SCORING',
  'BOOKING',
  'CAPTURING',
  'COMPENSATING',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const TERMINAL_STATUSES: readonly OrderStatus[] = ['COMPLETED', 'REJECTED', 'CANCELLED'];

export type StepState = 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface StepView {
  step: string;
  partner: string;
  state: StepState;
  detail?: string;
}

export interface PartnerFailure {
  partner: string;
  step: string;
  /** The failure's type, e.g. `PaymentDeclined`, `AddressInvalid`, `PartnerUnavailable`. */
  cause: string;
  message: string;
}

export interface CompensationRecord {
  step: string;
  partner: string;
  outcome: 'done' | 'not-needed' | 'failed';
  detail?: string;
}

export interface ChosenRoute {
  warehouseId: string;
  carrierId: string;
  costMinor: number;
  etaHours: number;
  distanceKm: number;
  /** `scorer` normally; `cheapest-quote` when scoring was unavailable and the order went on without it. */
  chosenBy: 'scorer' | 'cheapest-quote';
}

export interface QuoteSummary {
  requested: number;
  received: number;
  /** True when the quote deadline cut off some carriers and the order went on with the rest. */
  partial: boolean;
}

export interface OrderStatusView {
  orderId: string;
  status: OrderStatus;
  /** What the order waits on right now, in words (also the workflow's current details in the UI). */
  waitingOn: string;
  steps: StepView[];
  quotes?: QuoteSummary;
  route?: ChosenRoute;
  failure?: PartnerFailure;
  cancellation?: { reason: string };
  /** Where the candidate warehouses and carriers came from: the synced store, or the partners and why. */
  candidatesFrom?: string;
  compensations: CompensationRecord[];
}

export interface OrderResult {
  orderId: string;
  status: 'COMPLETED' | 'CANCELLED';
  totalMinor: number;
  currency: string;
  route?: ChosenRoute;
  booking?: { bookingId: string; trackingNumber: string };
  captureId?: string;
  quotes?: QuoteSummary;
  warehouseSource?: string;
  cancellation?: { reason: string };
  compensations: CompensationRecord[];
}

export interface CancelOrderRequest {
  reason: string;
}

export interface CancelOrderOutcome {
  orderId: string;
  status: 'CANCELLED';
  reason: string;
  compensations: CompensationRecord[];
}

export const statusQuery = defineQuery<OrderStatusView>('status');
export const cancelOrderUpdate = defineUpdate<CancelOrderOutcome, [CancelOrderRequest]>('cancelOrder');
