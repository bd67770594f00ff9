import { setCurrentDetails, upsertMemo, upsertSearchAttributes } from '@temporalio/workflow';
import { FAILED_PARTNER, ORDER_STATUS } from '../../contracts/search-attributes';
import type {
  ChosenRoute,
  CompensationRecord,
  OrderStatus,
  OrderStatusView,
  PartnerFailure,
  QuoteSummary,
  StepState,
  StepView,
} from '../../contracts/order-workflow';

/**
 * The order's state as operators see it: the `status` query, the workflow's current details in
 * the Web UI, and the search attributes and memo they filter and read by. One object keeps the
 * three in step, so no view ever disagrees with another.
 */
export class OrderTracker {
  status: OrderStatus = 'RECEIVED';
  waitingOn = 'validating the order';
  failure?: PartnerFailure;
  quotes?: QuoteSummary;
  route?: ChosenRoute;
  cancellation?: { reason: string };
  /** Where the candidate warehouses and carriers came from: the synced store, or the partners and why. */
  warehouseSource?: string;
  compensations: CompensationRecord[] = [];
  /** Set when booking starts: from then on the parcel exists and cancelling is refused. */
  bookingStarted = false;
  private readonly steps = new Map<string, StepView>();

  constructor(readonly orderId: string) {}

  moveTo(status: OrderStatus, waitingOn: string): void {
    this.status = status;
    this.waitingOn = waitingOn;
    setCurrentDetails(`**${status}** — ${waitingOn}`);
    upsertSearchAttributes([{ key: ORDER_STATUS, value: status }]);
  }

  stepChanged(step: string, partner: string, state: StepState, detail?: string): void {
    this.steps.set(step, { step, partner, state, ...(detail ? { detail } : {}) });
  }

  /** Remembers the first failure only: later ones are usually the cancellations it caused. */
  failed(failure: PartnerFailure): void {
    if (this.failure) return;
    this.failure = failure;
    upsertSearchAttributes([{ key: FAILED_PARTNER, value: failure.partner }]);
    upsertMemo({ failure: `${failure.partner}/${failure.step}: ${failure.cause} — ${failure.message}` });
  }


  view(): OrderStatusView {
    return {
      orderId: this.orderId,
      status: this.status,
      waitingOn: this.waitingOn,
      steps: [...this.steps.values()],
      ...(this.quotes ? { quotes: this.quotes } : {}),
      ...(this.route ? { route: this.route } : {}),
      ...(this.failure ? { failure: this.failure } : {}),
      ...(this.cancellation ? { cancellation: this.cancellation } : {}),
      ...(this.warehouseSource ? { candidatesFrom: this.warehouseSource } : {}),
      compensations: this.compensations,
    };
  }
}
