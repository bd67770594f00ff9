import type {
  AttentionItem,
  CarrierQuoteOutcome,
  ChosenRoute,
  CompensationRecord,
  OrderResult,
  OrderStatus,
  OrderStatusView,
  PartnerFailure,
  QuoteSummary,
  StepView,
} from '../../contracts/order-workflow';
import { whatToDo } from './what-to-do';

/**
 * One shape for an order, whatever its state (Stripe's PaymentIntent habit): every key is always
 * present, `status` is always an order status, what is still moving lives in `progress` (null
 * once closed), and a rejection is one small `failure` object. The API answers it, the CLI prints
 * it, and `closedAt` tells a follower when to stop.
 */
export interface OrderView {
  orderId: string;
  workflowId: string;
  status: OrderStatus;
  startedAt: string | null;
  /** Null while the order runs; set once it is COMPLETED, REJECTED or CANCELLED. */
  closedAt: string | null;
  progress: OrderProgress | null;
  quotes: QuotesSummary | null;
  route: ChosenRoute | null;
  booking: { bookingId: string; trackingNumber: string } | null;
  captureId: string | null;
  failure: OrderFailure | null;
  cancellation: { reason: string } | null;
  /** What was undone, step by step (empty when nothing needed undoing). */
  compensations: CompensationRecord[];
  /** What is left at a partner for an operator to settle (empty when nothing is). */
  attention: AttentionItem[];
  /** A remark the order recorded about how it ended, e.g. an operator's cancel that came after booking. */
  note: string | null;
}

export interface OrderProgress {
  /** What the order waits on right now, in words. */
  waitingOn: string;
  /** Failing and running steps first; the carrier quotes folded into one `quote-carriers` step. */
  steps: StepView[];
  /** The partner calls in flight right now, with their attempt and last failure. */
  pendingCalls: PendingCall[];
}

export interface PendingCall {
  activity: string;
  attempt: number;
  state: string;
  lastFailure?: string;
}

export const QUOTE_OUTCOMES = [
  'quoted',
  'refused',
  'timed-out',
  'cancelled',
  'never-asked',
] as const satisfies readonly CarrierQuoteOutcome[];
export type QuoteOutcome = CarrierQuoteOutcome;

export interface QuotesSummary {
  requested: number;
  received: number;
  /** True when some carriers did not quote and the order went on with the rest. */
  partial: boolean;
  /** How many carriers ended each way, when the order recorded it. */
  outcomes: Partial<Record<QuoteOutcome, number>> | null;
}

export interface OrderFailure {
  /** A stable code: PaymentDeclined, OutOfStock, AddressInvalid, FraudRejected, NoCarrierQuotes, DuplicateOrder, ... */
  code: string;
  message: string;
  partner: string | null;
  step: string | null;
  whatToDo: string;
}

export interface Timing {
  startedAt: string | null;
  closedAt: string | null;
}

const QUOTE_STEP_PREFIX = 'quote-carrier:';

/** An order with nothing known yet beyond its status and timing: every key present, as the shape promises. */
export function emptyView(orderId: string, workflowId: string, status: OrderStatus, timing: Timing): OrderView {
  return {
    orderId,
    workflowId,
    status,
    ...timing,
    progress: null,
    quotes: null,
    route: null,
    booking: null,
    captureId: null,
    failure: null,
    cancellation: null,
    compensations: [],
    attention: [],
    note: null,
  };
}

export function runningView(
  workflowId: string,
  view: OrderStatusView,
  pendingCalls: PendingCall[],
  timing: Timing,
): OrderView {
  return {
    ...emptyView(view.orderId, workflowId, view.status, timing),
    progress: { waitingOn: view.waitingOn, steps: foldSteps(view.steps), pendingCalls },
    quotes: summariseQuotes(view.quotes),
    route: view.route ?? null,
    failure: view.failure ? partnerFailure(view.failure) : null,
    cancellation: view.cancellation ?? null,
    compensations: view.compensations,
    attention: view.attention ?? [],
  };
}

export function resultView(workflowId: string, result: OrderResult, timing: Timing): OrderView {
  return {
    ...emptyView(result.orderId, workflowId, result.status, timing),
    quotes: summariseQuotes(result.quotes),
    route: result.route ?? null,
    booking: result.booking ?? null,
    captureId: result.captureId ?? null,
    cancellation: result.cancellation ?? null,
    compensations: result.compensations,
    attention: result.attention ?? [],
    note: result.note ?? null,
  };
}

/**
 * A run that closed failed: a business rejection (the failure's type names the cause, its first
 * detail is the order's status view) or an invalid or duplicate order.
 */
export function rejectedView(
  orderId: string,
  workflowId: string,
  failure: { type?: string; message: string; details?: unknown },
  timing: Timing,
): OrderView {
  const view = statusViewIn(failure.details);
  const recorded = view?.failure ? partnerFailure(view.failure) : undefined;
  const code = failure.type ?? recorded?.code ?? 'OrderFailed';
  return {
    ...emptyView(orderId, workflowId, 'REJECTED', timing),
    quotes: summariseQuotes(view?.quotes),
    route: view?.route ?? null,
    failure: recorded ?? { code, message: failure.message, partner: null, step: null, whatToDo: whatToDo(code) },
    cancellation: view?.cancellation ?? null,
    compensations: view?.compensations ?? [],
    attention: view?.attention ?? [],
  };
}

/** Closed without an OrderOps outcome: terminated or timed out by Temporal, or cancelled by an operator (older runs). */
export function abnormallyClosedView(
  orderId: string,
  workflowId: string,
  closedAs: string,
  lastStatus: OrderStatus,
  timing: Timing,
): OrderView {
  if (closedAs === 'CANCELLED' || closedAs === 'CANCELED') {
    return {
      ...emptyView(orderId, workflowId, 'CANCELLED', timing),
      cancellation: { reason: 'the workflow was cancelled by an operator' },
    };
  }
  const code = closedAs === 'TIMED_OUT' ? 'WorkflowTimedOut' : 'WorkflowTerminated';
  const message = `the order's workflow was ${closedAs.toLowerCase().replace('_', ' ')} while ${lastStatus}, before it finished`;
  return {
    ...emptyView(orderId, workflowId, 'REJECTED', timing),
    failure: { code, message, partner: null, step: null, whatToDo: whatToDo(code) },
  };
}

function partnerFailure(recorded: PartnerFailure): OrderFailure {
  // Runs recorded before the contract named it `type` carry `cause`.
  const code = recorded.type ?? (recorded as { cause?: string }).cause ?? 'OrderFailed';
  return { code, message: recorded.message, partner: recorded.partner, step: recorded.step, whatToDo: whatToDo(code) };
}

function statusViewIn(details: unknown): OrderStatusView | undefined {
  const first: unknown = Array.isArray(details) ? details[0] : details;
  return first && typeof first === 'object' && 'steps' in first && 'compensations' in first
    ? (first as OrderStatusView)
    : undefined;
}

export function summariseQuotes(quotes: QuoteSummary | undefined): QuotesSummary | null {
  if (!quotes) return null;
  let outcomes: QuotesSummary['outcomes'] = null;
  if (quotes.carriers) {
    outcomes = {};
    for (const { outcome } of quotes.carriers) outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return { requested: quotes.requested, received: quotes.received, partial: quotes.partial, outcomes };
}

const STATE_ORDER: Readonly<Record<StepView['state'], number>> = { failed: 0, running: 1, done: 2, cancelled: 3 };

/** Twelve quote steps become one line; failing and running steps lead, the rest keep their order. */
export function foldSteps(steps: StepView[]): StepView[] {
  const quoteSteps = steps.filter((s) => s.step.startsWith(QUOTE_STEP_PREFIX));
  const others = steps.filter((s) => !s.step.startsWith(QUOTE_STEP_PREFIX));
  const folded = quoteSteps.length > 0 ? [...others, foldedQuoteStep(quoteSteps)] : others;
  return folded
    .map((step, index) => ({ step, index }))
    .sort((a, b) => STATE_ORDER[a.step.state] - STATE_ORDER[b.step.state] || a.index - b.index)
    .map(({ step }) => step);
}

function foldedQuoteStep(quoteSteps: StepView[]): StepView {
  const count = (state: StepView['state']) => quoteSteps.filter((s) => s.state === state).length;
  const running = count('running');
  const parts = [
    `${count('done')} quoted`,
    running > 0 ? `${running} asking` : '',
    count('failed') > 0 ? `${count('failed')} failed` : '',
    count('cancelled') > 0 ? `${count('cancelled')} cut off` : '',
  ]
    .filter(Boolean)
    .join(', ');
  const state: StepView['state'] =
    running > 0 ? 'running' : count('done') > 0 ? 'done' : count('failed') > 0 ? 'failed' : 'cancelled';
  return { step: 'quote-carriers', partner: 'carriers', state, detail: `${parts} of ${quoteSteps.length} carrier(s)` };
}
