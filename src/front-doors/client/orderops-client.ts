import { createHash } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client, type WorkflowExecutionDescription } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowIdReusePolicy } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { formatMoney, orderTotalMinor } from '../../domain/money';
import { validateOrder, type Order } from '../../domain/order';
import {
  cancelOrderUpdate,
  statusQuery,
  type CancelOrderOutcome,
  type OrderResult,
  type OrderStatus,
  type OrderStatusView,
} from '../../contracts/order-workflow';
import { CUSTOMER_ID, ORDER_STATUS, ORDER_TOTAL_MINOR, SHIP_COUNTRY } from '../../contracts/search-attributes';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../../contracts/task-queues';
import { orderWorkflowId, PROCESS_ORDER_WORKFLOW } from '../../contracts/workflow-names';
import type { processOrder } from '../../workflows/order/process-order';
import { DuplicateOrderError, OrderNotFoundError, OrderRequestRefusedError, OrderValidationError } from './order-errors';

export interface PlacedOrder {
  orderId: string;
  workflowId: string;
  runId: string;
  /** False when this exact order had already been placed: nothing new was started. */
  created: boolean;
}

export interface PendingCall {
  activity: string;
  summary?: string;
  attempt: number;
  state: string;
  lastFailure?: string;
}

export type OrderSnapshot =
  | { orderId: string; state: 'running'; status: OrderStatusView; pendingCalls: PendingCall[] }
  | { orderId: string; state: 'completed'; status: OrderStatus; result: OrderResult }
  | { orderId: string; state: 'failed'; status: OrderStatus; failure: { type?: string; message: string; details?: unknown } }
  | { orderId: string; state: 'closed'; status: OrderStatus; closedAs: string };

/**
 * The typed way to talk to OrderOps from TypeScript (the CLI and the HTTP API use it too).
 * Placing is idempotent by order id: the workflow id is `order-<orderId>`, so a retried place
 * can never create a second order, and a digest of the order in the memo tells a client retry
 * (same body: answered with the existing order) from a conflict (different body: refused).
 */
export class OrderOpsClient {
  constructor(
    private readonly client: Client,
    private readonly taskQueues: TaskQueues = DEFAULT_TASK_QUEUES,
  ) {}

  async place(input: unknown): Promise<PlacedOrder> {
    const validation = validateOrder(input);
    if (!validation.ok) throw new OrderValidationError(validation.problems);
    const order = validation.order;
    const workflowId = orderWorkflowId(order.orderId);
    const digest = orderDigest(order);
    try {
      const handle = await this.client.workflow.start<typeof processOrder>(PROCESS_ORDER_WORKFLOW, {
        workflowId,
        taskQueue: this.taskQueues.orders,
        args: [order],
        // An order id is used once, ever: a finished order is not re-run by a late retry.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        typedSearchAttributes: [
          { key: ORDER_STATUS, value: 'RECEIVED' },
          { key: CUSTOMER_ID, value: order.customerId },
          { key: ORDER_TOTAL_MINOR, value: orderTotalMinor(order) },
          { key: SHIP_COUNTRY, value: order.shippingAddress.country },
        ],
        memo: { orderDigest: digest, ...(sameQueues(this.taskQueues) ? {} : { taskQueues: this.taskQueues }) },
        staticSummary: orderSummary(order),
        staticDetails: orderDetails(order),
      });
      return { orderId: order.orderId, workflowId, runId: handle.firstExecutionRunId, created: true };
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const existing = await this.client.workflow.getHandle(workflowId).describe();
      if (existing.memo?.orderDigest !== digest) throw new DuplicateOrderError(order.orderId);
      return { orderId: order.orderId, workflowId, runId: existing.runId, created: false };
    }
  }

  async get(orderId: string): Promise<OrderSnapshot> {
    const handle = this.client.workflow.getHandle(orderWorkflowId(orderId));
    const description = await this.describe(orderId);
    const status = (description.typedSearchAttributes.get(ORDER_STATUS) ?? 'RECEIVED') as OrderStatus;
    switch (description.status.name) {
      case 'RUNNING':
        return { orderId, state: 'running', status: await handle.query(statusQuery), pendingCalls: pendingCalls(description) };
      case 'COMPLETED':
        return { orderId, state: 'completed', status, result: (await handle.result()) as OrderResult };
      case 'FAILED': {
        try {
          await handle.result();
        } catch (err) {
          const cause = (err as { cause?: { type?: string; message?: string; details?: unknown[] } }).cause;
          return {
            orderId,
            state: 'failed',
            status,
            failure: { type: cause?.type, message: cause?.message ?? String(err), details: cause?.details?.[0] },
          };
        }
        return { orderId, state: 'closed', status, closedAs: 'FAILED' };
      }
      default:
        return { orderId, state: 'closed', status, closedAs: description.status.name };
    }
  }

  async cancel(orderId: string, reason: string): Promise<CancelOrderOutcome> {
    const description = await this.describe(orderId);
    if (description.status.name !== 'RUNNING') {
      const status = description.typedSearchAttributes.get(ORDER_STATUS) ?? description.status.name;
      throw new OrderRequestRefusedError(orderId, `the order is already ${status}`);
    }
    try {
      return await this.client.workflow.getHandle(orderWorkflowId(orderId)).executeUpdate(cancelOrderUpdate, { args: [{ reason }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        throw new OrderRequestRefusedError(orderId, err.cause?.message ?? err.message);
      }
      if (err instanceof WorkflowNotFoundError) {
        // The order closed between the describe and the update: refused like any finished order.
        const closed = await this.describe(orderId);
        throw new OrderRequestRefusedError(orderId, `the order is already ${closed.typedSearchAttributes.get(ORDER_STATUS) ?? closed.status.name}`);
      }
      throw err;
    }
  }

  /** Waits for the order to finish; throws the workflow's failure if it was rejected. */
  async result(orderId: string): Promise<OrderResult> {
    await this.describe(orderId);
    return (await this.client.workflow.getHandle(orderWorkflowId(orderId)).result()) as OrderResult;
  }

  private async describe(orderId: string): Promise<WorkflowExecutionDescription> {
    try {
      return await this.client.workflow.getHandle(orderWorkflowId(orderId)).describe();
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new OrderNotFoundError(orderId);
      throw err;
    }
  }
}

/** A canonical digest of the validated order: the schema fixes the key order. */
export function orderDigest(order: Order): string {
  return createHash('sha256').update(JSON.stringify(order)).digest('hex');
}

function orderSummary(order: Order): string {
  const units = order.items.reduce((n, item) => n + item.quantity, 0);
  return `Order ${order.orderId} for ${order.customerId}: ${units} item(s), ${formatMoney(orderTotalMinor(order), order.currency)} to ${order.shippingAddress.city}, ${order.shippingAddress.country}`;
}

function orderDetails(order: Order): string {
  const lines = order.items.map((item) => `| ${item.sku} | ${item.quantity} | ${formatMoney(item.unitPriceMinor, order.currency)} |`);
  return [
    `**Customer** ${order.customerId} · **Payment** ${order.paymentReference}`,
    `**Ship to** ${order.shippingAddress.name}, ${order.shippingAddress.line1}, ${order.shippingAddress.postalCode} ${order.shippingAddress.city}, ${order.shippingAddress.country}`,
    '',
    '| SKU | Qty | Unit price |',
    '|---|---|---|',
    ...lines,
  ].join('\n');
}

/** `SCHEDULED`, `STARTED`, `CANCEL_REQUESTED`, `PAUSED`... instead of the raw enum number. */
const PENDING_STATE_NAMES = new Map<number, string>(
  Object.entries(temporal.api.enums.v1.PendingActivityState).map(([name, value]) => [value as number, name.replace('PENDING_ACTIVITY_STATE_', '')]),
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
  return queues.orders === DEFAULT_TASK_QUEUES.orders && queues.partnerIo === DEFAULT_TASK_QUEUES.partnerIo && queues.routeScoring === DEFAULT_TASK_QUEUES.routeScoring;
}
