import { setTimeout as sleep } from 'node:timers/promises';
import {
  WorkflowFailedError,
  WorkflowUpdateFailedError,
  WorkflowUpdateStage,
  type Client,
  type WorkflowExecutionDescription,
  type WorkflowUpdateHandle,
} from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowIdReusePolicy } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { formatMoney, orderTotalMinor } from '../../domain/money';
import { validateOrder, type Order } from '../../domain/order';
import {
  cancelOrderUpdate,
  statusQuery,
  DUPLICATE_ORDER,
  ORDER_STATUSES,
  type CancelOrderOutcome,
  type OrderResult,
  type OrderStatus,
} from '../../contracts/order-workflow';
import { CUSTOMER_ID, ORDER_STATUS, ORDER_TOTAL_MINOR, SHIP_COUNTRY } from '../../contracts/search-attributes';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../../contracts/task-queues';
import { orderIdFromWorkflowId, orderWorkflowId, PROCESS_ORDER_WORKFLOW } from '../../contracts/workflow-names';
import type { processOrder } from '../../workflows/order/process-order';
import {
  DuplicateOrderError,
  OrderAlreadyProcessedError,
  OrderNotFoundError,
  OrderRequestRefusedError,
  OrderValidationError,
} from './order-errors';
import {
  abnormallyClosedView,
  rejectedView,
  resultView,
  runningView,
  type OrderView,
  type PendingCall,
} from './order-view';
import { retryTransient } from './transient';
import { runInput } from './run-input';

export type { OrderView, PendingCall } from './order-view';

export interface PlacedOrder {
  orderId: string;
  workflowId: string;
  runId: string;
  /** False when this exact order had already been placed: nothing new was started. */
  created: boolean;
}

/** A cancellation the order accepted; it is now undoing what it did. */
export interface CancelRequested {
  orderId: string;
  updateId: string;
  reason: string;
}

export interface OrderListing {
  orderId: string;
  status: OrderStatus;
  customerId: string | null;
  startedAt: string;
  closedAt: string | null;
}

export interface ListFilters {
  status?: OrderStatus;
  customerId?: string;
  limit?: number;
}

/**
 * One id per order for the cancellation: a retried cancel (after a 503, say) joins the first one
 * instead of asking twice, because Temporal answers a known update id with the existing update.
 */
const CANCEL_UPDATE_ID = 'cancel-order';

/** How long a cancel request listens for the validator's refusal after the update was accepted. */
const REFUSAL_GRACE_MS = 250;

/**
 * The typed way to talk to OrderOps from TypeScript (the CLI and the HTTP API use it too).
 * Placing is idempotent by order id: the workflow id is `order-<orderId>` and a reused id is
 * rejected by Temporal (REJECT_DUPLICATE), so a retried place can never create a second order.
 * A re-posted order is compared with the input the run was started with (whichever door started
 * it), to tell a client retry (same order: answered with the existing one) from a conflict.
 */
export class OrderOpsClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueues: TaskQueues = DEFAULT_TASK_QUEUES,
  ) {}

  /**
   * `source` names who placed the order (the API key's name, say) for the memo operators read; it is
   * never a secret and never personal.
   */
  async place(input: unknown, options: { source?: string } = {}): Promise<PlacedOrder> {
    const validation = validateOrder(input);
    if (!validation.ok) throw new OrderValidationError(validation.problems);
    const order = validation.order;
    const workflowId = orderWorkflowId(order.orderId);
    try {
      const handle = await this.client.workflow.start<typeof processOrder>(PROCESS_ORDER_WORKFLOW, {
        workflowId,
        taskQueue: this.taskQueues.orders,
        // Queue names are processOrder's own input (its second argument), only when not the defaults.
        args: sameQueues(this.taskQueues) ? [order] : [order, { taskQueues: this.taskQueues }],
        // An order id is processed at most once, for ever: a finished order is not re-run by a late retry.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ORDER_STATUS, value: 'RECEIVED' },
          { key: CUSTOMER_ID, value: order.customerId },
          { key: ORDER_TOTAL_MINOR, value: orderTotalMinor(order) },
          { key: SHIP_COUNTRY, value: order.shippingAddress.country },
        ],
        memo: {
          ...(options.source ? { source: options.source } : {}),
        },
        staticSummary: orderSummary(order),
        staticDetails: orderDetails(order),
      });
      return { orderId: order.orderId, workflowId, runId: handle.firstExecutionRunId, created: true };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      return this.answerRepost(order, workflowId);
    }
  }

  /** The order id is taken: the same order again is a client retry; anything else is a conflict. */
  private async answerRepost(order: Order, workflowId: string): Promise<PlacedOrder> {
    const existing = await retryTransient(() => this.client.workflow.getHandle(workflowId).describe());
    const started = validateOrder(await retryTransient(() => runInput(this.client, workflowId, existing.runId)));
    if (!started.ok)
      throw new DuplicateOrderError(order.orderId, [
        'the whole order (the existing run was started with an invalid order)',
      ]);
    const differences = differingFields(started.order, order);
    if (differences.length > 0) throw new DuplicateOrderError(order.orderId, differences);
    if (existing.status.name === 'FAILED') {
      const failure = await this.failureOf(workflowId, existing.runId);
      if (failure.type === DUPLICATE_ORDER) {
        const earlier = await this.earlierRun(workflowId, failure);
        const outcome = earlier
          ? `its outcome: ${lastStatus(earlier)}`
          : 'that run is past the namespace retention, so its outcome is no longer visible here';
        throw new OrderAlreadyProcessedError(
          order.orderId,
          `${recordedFailureMessage(failure) ?? failure.message}; ${outcome}`,
        );
      }
    }
    return { orderId: order.orderId, workflowId, runId: existing.runId, created: false };
  }

  /** The run a DuplicateOrder rejection names as the one that processed the order, while Temporal still keeps it. */
  private async earlierRun(workflowId: string, failure: RunFailure): Promise<WorkflowExecutionDescription | undefined> {
    const runId = earlierRunId(failure);
    if (!runId) return undefined;
    try {
      return await retryTransient(() => this.client.workflow.getHandle(workflowId, runId).describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  }

  /**
   * The order. When the latest run under its id was refused as a duplicate, the order is what the
   * earlier run made of it (while Temporal keeps that run), not the refusal.
   */
  async get(orderId: string): Promise<OrderView> {
    const latest = await this.describe(orderId);
    if (latest.status.name === 'FAILED') {
      const failure = await this.failureOf(latest.workflowId, latest.runId);
      const earlier = failure.type === DUPLICATE_ORDER ? await this.earlierRun(latest.workflowId, failure) : undefined;
      if (earlier) return this.viewOf(orderId, earlier);
    }
    return this.viewOf(orderId, latest);
  }

  private async viewOf(orderId: string, description: WorkflowExecutionDescription): Promise<OrderView> {
    const workflowId = description.workflowId;
    const handle = this.client.workflow.getHandle(workflowId, description.runId, { followRuns: false });
    const timing = {
      startedAt: description.startTime.toISOString(),
      closedAt: description.closeTime?.toISOString() ?? null,
    };
    switch (description.status.name) {
      case 'RUNNING':
        return runningView(
          workflowId,
          await retryTransient(() => handle.query(statusQuery)),
          pendingCalls(description),
          timing,
        );
      case 'COMPLETED':
        return resultView(workflowId, (await retryTransient(() => handle.result())) as OrderResult, timing);
      case 'FAILED':
        return rejectedView(orderId, workflowId, await this.failureOf(workflowId, description.runId), timing);
      default:
        return abnormallyClosedView(orderId, workflowId, description.status.name, lastStatus(description), timing);
    }
  }

  /**
   * Asks the order to cancel and returns once the order accepted (its validator passed): the
   * undoing may take a while, so the caller follows the order rather than holding a request open.
   * A refusal (already booked, already closed, already being rejected) throws OrderRequestRefusedError.
   */
  async requestCancel(orderId: string, reason: string): Promise<CancelRequested> {
    await this.startCancel(orderId, reason);
    return { orderId, updateId: CANCEL_UPDATE_ID, reason };
  }

  /** Cancels and waits for the order's answer: its real final state and what was undone. */
  async cancel(orderId: string, reason: string): Promise<CancelOrderOutcome> {
    const handle = await this.startCancel(orderId, reason);
    return handle.result();
  }

  private async startCancel(orderId: string, reason: string): Promise<WorkflowUpdateHandle<CancelOrderOutcome>> {
    const description = await this.describe(orderId);
    if (description.status.name !== 'RUNNING')
      throw new OrderRequestRefusedError(orderId, `the order is already ${lastStatus(description)}`);
    const workflowHandle = this.client.workflow.getHandle(orderWorkflowId(orderId));
    try {
      const handle = await retryTransient(() =>
        workflowHandle.startUpdate(cancelOrderUpdate, {
          args: [{ reason }],
          updateId: CANCEL_UPDATE_ID,
          waitForStage: WorkflowUpdateStage.ACCEPTED,
        }),
      );
      await this.throwIfRefused(handle);
      return handle;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError)
        throw new OrderRequestRefusedError(orderId, err.cause?.message ?? err.message);
      if (err instanceof WorkflowNotFoundError) {
        // The order closed between the describe and the update: refused like any finished order.
        throw new OrderRequestRefusedError(orderId, `the order is already ${lastStatus(await this.describe(orderId))}`);
      }
      throw err;
    }
  }

  /**
   * A validator's refusal comes back with the accepted-stage answer, so the handle already holds it
   * and `result()` settles at once; an accepted update has no outcome yet and would poll, which the
   * abort signal stops after a short grace.
   */
  private async throwIfRefused(handle: WorkflowUpdateHandle<CancelOrderOutcome>): Promise<void> {
    const abort = new AbortController();
    const outcome = this.client
      .withAbortSignal(abort.signal, () => handle.result())
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    const settled = await Promise.race([outcome, sleep(REFUSAL_GRACE_MS).then(() => 'pending' as const)]);
    abort.abort();
    if (settled instanceof WorkflowUpdateFailedError) throw settled;
  }

  /** Waits for the order to close and answers its view; never throws for a rejection. */
  async waitForClose(orderId: string): Promise<OrderView> {
    await this.describe(orderId);
    try {
      await this.client.workflow.getHandle(orderWorkflowId(orderId)).result();
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
    }
    return this.get(orderId);
  }

  /** Waits for the order to finish; throws the workflow's failure if it was rejected. */
  async result(orderId: string): Promise<OrderResult> {
    await this.describe(orderId);
    return (await this.client.workflow.getHandle(orderWorkflowId(orderId)).result()) as OrderResult;
  }

  /** Orders, newest first, through Temporal visibility (eventually consistent: a second or so behind). */
  async list(filters: ListFilters = {}): Promise<OrderListing[]> {
    const conditions = [`WorkflowType = "${PROCESS_ORDER_WORKFLOW}"`];
    if (filters.status) {
      if (!(ORDER_STATUSES as readonly string[]).includes(filters.status))
        throw new Error(`unknown status ${filters.status}; one of ${ORDER_STATUSES.join(', ')}`);
      conditions.push(`OrderStatus = "${filters.status}"`);
    }
    if (filters.customerId !== undefined) {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(filters.customerId))
        throw new Error(`customer id ${JSON.stringify(filters.customerId)} is not a valid customerId`);
      conditions.push(`CustomerId = "${filters.customerId}"`);
    }
    const limit = filters.limit ?? 20;
    const found: OrderListing[] = [];
    for await (const execution of this.client.workflow.list({
      query: conditions.join(' AND '),
      pageSize: Math.min(limit, 100),
    })) {
      const orderId = orderIdFromWorkflowId(execution.workflowId);
      if (orderId === undefined) continue;
      found.push({
        orderId,
        status: (execution.typedSearchAttributes.get(ORDER_STATUS) ?? 'RECEIVED') as OrderStatus,
        customerId: execution.typedSearchAttributes.get(CUSTOMER_ID) ?? null,
        startedAt: execution.startTime.toISOString(),
        closedAt: execution.closeTime?.toISOString() ?? null,
      });
      if (found.length >= limit) break;
    }
    return found;
  }

  private async failureOf(workflowId: string, runId: string): Promise<RunFailure> {
    try {
      await retryTransient(() => this.client.workflow.getHandle(workflowId, runId, { followRuns: false }).result());
    } catch (err) {
      if (!(err instanceof WorkflowFailedError)) throw err;
      const cause = err.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
      return { type: cause?.type, message: cause?.message ?? err.message, details: cause?.details };
    }
    return { message: 'the run did not fail' };
  }

  private async describe(orderId: string): Promise<WorkflowExecutionDescription> {
    try {
      return await retryTransient(() => this.client.workflow.getHandle(orderWorkflowId(orderId)).describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new OrderNotFoundError(orderId);
      throw err;
    }
  }
}

/**
 * The run a DuplicateOrder refusal names: in its details' `duplicateOf`, else in the
 * order's recorded failure ("... already processed by run <runId> of <workflowId> ...").
 */
function earlierRunId(failure: RunFailure): string | undefined {
  const first = (Array.isArray(failure.details) ? failure.details[0] : undefined) as
    { duplicateOf?: { firstRunId?: unknown } } | undefined;
  if (typeof first?.duplicateOf?.firstRunId === 'string') return first.duplicateOf.firstRunId;
  return /\bby run (\S+) of\b/.exec(recordedFailureMessage(failure) ?? failure.message)?.[1];
}

/** The partner-level message the order recorded (its status view is the failure's first detail). */
function recordedFailureMessage(failure: RunFailure): string | undefined {
  const first: unknown = Array.isArray(failure.details) ? failure.details[0] : undefined;
  const recorded: unknown = first && typeof first === 'object' && 'failure' in first ? first.failure : undefined;
  return recorded && typeof recorded === 'object' && 'message' in recorded && typeof recorded.message === 'string'
    ? recorded.message
    : undefined;
}

interface RunFailure {
  type?: string;
  message: string;
  details?: unknown;
}

/** The top-level fields in which two valid orders differ; the schema fixes the key order. */
function differingFields(a: Order, b: Order): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof Order>;
  return [...keys].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

function lastStatus(description: WorkflowExecutionDescription): OrderStatus {
  return (description.typedSearchAttributes.get(ORDER_STATUS) ?? 'RECEIVED') as OrderStatus;
}

function orderSummary(order: Order): string {
  const units = order.items.reduce((n, item) => n + item.quantity, 0);
  return `Order ${order.orderId} for ${order.customerId}: ${units} item(s), ${formatMoney(orderTotalMinor(order), order.currency)} to ${order.shippingAddress.city}, ${order.shippingAddress.country}`;
}

function orderDetails(order: Order): string {
  const lines = order.items.map(
    (item) => `| ${item.sku} | ${item.quantity} | ${formatMoney(item.unitPriceMinor, order.currency)} |`,
  );
  return [
    // Nothing personal here (no name, street, postal code or payment reference): user metadata is
    // shown to every Web UI user and, unlike the order itself, is often read without the codec server.
    `**Customer** ${order.customerId} · **Ship to** ${order.shippingAddress.city}, ${order.shippingAddress.country}`,
    '',
    '| SKU | Qty | Unit price |',
    '|---|---|---|',
    ...lines,
  ].join('\n');
}

/** `SCHEDULED`, `STARTED`, `CANCEL_REQUESTED`, `PAUSED`... instead of the raw enum number. */
const PENDING_STATE_NAMES = new Map<number, string>(
  Object.entries(temporal.api.enums.v1.PendingActivityState).map(([name, value]) => [
    value as number,
    name.replace('PENDING_ACTIVITY_STATE_', ''),
  ]),
);

function pendingCalls(description: WorkflowExecutionDescription): PendingCall[] {
  return (description.raw.pendingActivities ?? []).map((activity) => ({
    activity: activity.activityType?.name ?? 'unknown',
    attempt: activity.attempt ?? 1,
    state: PENDING_STATE_NAMES.get(activity.state ?? 0) ?? 'UNKNOWN',
    ...(activity.lastFailure?.message ? { lastFailure: activity.lastFailure.message } : {}),
  }));
}

function sameQueues(queues: TaskQueues): boolean {
  return (
    queues.orders === DEFAULT_TASK_QUEUES.orders &&
    queues.partnerIo === DEFAULT_TASK_QUEUES.partnerIo &&
    queues.routeScoring === DEFAULT_TASK_QUEUES.routeScoring
  );
}
