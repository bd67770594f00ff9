import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TaskQueues } from './task-queues';

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

export type StepState = 'running' | 'done' | 'failed' | 'cancelled';

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
  type: string;
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

/** What became of one carrier's quote. `never-asked`: the deadline came before a lane was free for it. */
export type CarrierQuoteOutcome = 'quoted' | 'refused' | 'timed-out' | 'cancelled' | 'never-asked';

export interface CarrierQuoteReport {
  carrierId: string;
  outcome: CarrierQuoteOutcome;
  detail?: string;
}

export interface QuoteSummary {
  requested: number;
  received: number;
  /** True when some carriers gave no quote and the order went on with the rest. */
  partial: boolean;
  /** Per carrier, for orders started since v3. */
  carriers?: CarrierQuoteReport[];
}

/** A partner action the order could not settle by itself: an operator must (docs/operations.md). */
export interface AttentionItem {
  partner: string;
  step: string;
  /** What is left at the partner and why, in the partner's own words where it gave any. */
  reason: string;
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
  cancellation?: Cancellation;
  /** Where the candidate warehouses and carriers came from: the synced store, or the partners and why. */
  candidatesFrom?: string;
  compensations: CompensationRecord[];
  /** Non-empty when something at a partner needs an operator (search: `NeedsAttention = true`). */
  attention?: AttentionItem[];
  /** Set when this run was refused as a DuplicateOrder: the earlier run that processed the order id. */
  duplicateOf?: { workflowId: string; firstRunId: string; claimedAt: string };
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
  candidatesFrom?: string;
  cancellation?: Cancellation;
  compensations: CompensationRecord[];
  attention?: AttentionItem[];
  /** Set when an operator's workflow cancel arrived once booking had started: the order completed anyway. */
  note?: string;
}

export interface CancelOrderRequest {
  reason: string;
  /** Who asks: an API key's name, an operator's login. Shown on the order. */
  requestedBy?: string;
}

/** Who cancelled the order, when (workflow time) and why. */
export interface Cancellation {
  reason: string;
  requestedAt?: string;
  requestedBy?: string;
}

/** The cancelOrder update's answer: the order's real final state, which a cancel, once accepted, decides. */
export interface CancelOrderOutcome {
  orderId: string;
  status: OrderStatus;
  reason: string;
  compensations: CompensationRecord[];
  attention?: AttentionItem[];
}

/** Options a starter may pass as processOrder's second argument. */
export interface ProcessOrderOptions {
  /** Queue names for this deployment; default `orders`, `partner-io`, `route-scoring`. */
  taskQueues?: Partial<TaskQueues>;
  /** How carriers are quoted (docs/concurrency-model.md); the default is chosen by the bench. */
  quoteModel?: QuoteModel;
}

export const QUOTE_MODELS = ['one-activity', 'activity-per-carrier', 'local-activity-per-carrier'] as const;
export type QuoteModel = (typeof QUOTE_MODELS)[number];

/** The failure type of a run whose order id an earlier run already processed. */
export const DUPLICATE_ORDER = 'DuplicateOrder';

export const statusQuery = defineQuery<OrderStatusView>('status');
export const cancelOrderUpdate = defineUpdate<CancelOrderOutcome, [CancelOrderRequest]>('cancelOrder');
