import { isCancellation, setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import type {
  AttentionItem,
  Cancellation,
  ChosenRoute,
  CompensationRecord,
  OrderStatus,
  OrderStatusView,
  PartnerFailure,
  QuoteSummary,
  StepState,
  StepView,
} from '../../contracts/order-workflow';
import { TERMINAL_STATUSES } from '../../contracts/order-workflow';
import type { OrderStep } from '../../contracts/order-steps';
import { FAILED_PARTNER, NEEDS_ATTENTION, ORDER_STATUS } from '../../contracts/search-attributes';
import { describeStepFailure } from './failures';

/**
 * The order's state as operators see it: the `status` query, the workflow's current details in
 * the Web UI, and the search attributes and memo they filter and read by. The one owner of that
 * state, so no view ever disagrees with another.
 */
export class OrderTracker {
  private currentStatus: OrderStatus;
  private waitingOn = 'validating the order';
  private firstFailure?: PartnerFailure;
  private quotes?: QuoteSummary;
  private route?: ChosenRoute;
  private cancellation?: Cancellation;
  private candidatesFrom?: string;
  private compensations: CompensationRecord[] = [];
  private readonly attention: AttentionItem[] = [];
  private duplicate?: OrderStatusView['duplicateOf'];
  private readonly steps = new Map<string, StepView>();

  /**
   * Runs started before v3 (replayed) upsert on every move, write the memo as they go and never
   * mark attention. Since v3 every history event is counted: the search attribute changes only
   * with the status, and what the memo held is in the status query and the result.
   */
  constructor(
    readonly orderId: string,
    private readonly v3: boolean,
    initialStatus: OrderStatus,
  ) {
    this.currentStatus = initialStatus;
  }

  get status(): OrderStatus {
    return this.currentStatus;
  }

  get failure(): PartnerFailure | undefined {
    return this.firstFailure;
  }

  get cancellationReason(): string | undefined {
    return this.cancellation?.reason;
  }

  /** From booking on, the parcel exists: a cancel is refused. */
  get bookingStarted(): boolean {
    return this.currentStatus === 'BOOKING' || this.currentStatus === 'CAPTURING' || this.currentStatus === 'COMPLETED';
  }

  moveTo(status: OrderStatus, waitingOn: string): void {
    const changed = status !== this.currentStatus;
    this.currentStatus = status;
    this.waitingOn = waitingOn;
    // A final order's details are its outcome line, which already starts with the outcome.
    setCurrentDetails(TERMINAL_STATUSES.includes(status) ? waitingOn : `**${status}** — ${waitingOn}`);
    if (changed || !this.v3) upsertSearchAttributes([{ key: ORDER_STATUS, value: status }]);
  }

  /** Says what the order waits on now, without a status change (also in the Web UI's details). */
  note(waitingOn: string): void {
    this.waitingOn = waitingOn;
    setCurrentDetails(`**${this.currentStatus}** — ${waitingOn}`);
  }

  /**
   * Runs one step and keeps its row in the status view. The first required step that fails for
   * good becomes the order's failure; an optional one (e.g. scoring) is only recorded.
   */
  async step<T>(
    step: OrderStep | { step: string; partner: string },
    call: () => Promise<T>,
    options: { optional?: boolean } = {},
  ): Promise<T> {
    this.setStep(step.step, step.partner, 'running');
    try {
      const result = await call();
      this.setStep(step.step, step.partner, 'done');
      return result;
    } catch (err) {
      if (isCancellation(err)) {
        this.setStep(step.step, step.partner, 'cancelled');
      } else {
        const failure = describeStepFailure(err, step.partner, step.step);
        this.setStep(step.step, step.partner, 'failed', `${failure.type}: ${failure.message}`);
        if (!options.optional) this.failed(failure);
      }
      throw err;
    }
  }

  /** Remembers the first failure only: later ones are usually the cancellations it caused. */
  failed(failure: PartnerFailure): void {
    if (this.firstFailure) return;
    this.firstFailure = failure;
    upsertSearchAttributes([{ key: FAILED_PARTNER, value: failure.partner }]);
    // Since v3 the memo holds nothing a partner wrote (it is not encrypted); the failure is in the
    // status query and the failure's details, which are.
    if (!this.v3) upsertMemo({ failure: `${failure.partner}/${failure.step}: ${failure.type} — ${failure.message}` });
  }

  planned(candidatesFrom: string): void {
    this.candidatesFrom = candidatesFrom;
    if (!this.v3) upsertMemo({ candidatesFrom });
  }

  quoted(quotes: QuoteSummary): void {
    this.quotes = quotes;
  }

  routed(route: ChosenRoute, routeLine: string): void {
    this.route = route;
    if (!this.v3) upsertMemo({ route: routeLine });
  }

  /** The first reason wins: an operator's words are not overwritten by a later request. */
  cancelRequested(reason: string, requestedBy?: string): void {
    this.cancellation ??= { reason, requestedAt: new Date().toISOString(), ...(requestedBy ? { requestedBy } : {}) };
  }

  cancellationRecord(): Cancellation | undefined {
    return this.cancellation;
  }

  compensated(records: CompensationRecord[]): void {
    this.compensations = records;
  }

  /** Something at a partner the order could not settle: findable with `NeedsAttention = true`. */
  needsAttention(item: AttentionItem): void {
    if (!this.v3) return;
    this.attention.push(item);
    if (this.attention.length === 1) upsertSearchAttributes([{ key: NEEDS_ATTENTION, value: true }]);
  }

  /** This run was refused: `earlier` already processed the order id. */
  duplicateOf(earlier: NonNullable<OrderStatusView['duplicateOf']>): void {
    this.duplicate = { workflowId: earlier.workflowId, firstRunId: earlier.firstRunId, claimedAt: earlier.claimedAt };
  }

  attentionItems(): AttentionItem[] | undefined {
    return this.attention.length > 0 ? [...this.attention] : undefined;
  }

  compensationRecords(): CompensationRecord[] {
    return this.compensations;
  }

  quoteSummary(): QuoteSummary | undefined {
    return this.quotes;
  }

  candidates(): string | undefined {
    return this.candidatesFrom;
  }

  view(): OrderStatusView {
    const attention = this.attentionItems();
    return {
      orderId: this.orderId,
      status: this.currentStatus,
      waitingOn: this.waitingOn,
      steps: this.orderedSteps(),
      ...(this.quotes ? { quotes: this.quotes } : {}),
      ...(this.route ? { route: this.route } : {}),
      ...(this.firstFailure ? { failure: this.firstFailure } : {}),
      ...(this.cancellation ? { cancellation: this.cancellation } : {}),
      ...(this.candidatesFrom ? { candidatesFrom: this.candidatesFrom } : {}),
      compensations: this.compensations,
      ...(attention ? { attention } : {}),
      ...(this.duplicate ? { duplicateOf: this.duplicate } : {}),
    };
  }

  private setStep(step: string, partner: string, state: StepState, detail?: string): void {
    this.steps.set(step, { step, partner, state, ...(detail ? { detail } : {}) });
  }

  /** Failing and running steps first: they are what an operator looks for. */
  private orderedSteps(): StepView[] {
    const rank: Record<StepState, number> = { failed: 0, running: 1, cancelled: 2, done: 3 };
    return [...this.steps.values()].sort((a, b) => rank[a.state] - rank[b.state]);
  }
}
