import { setTimeout as sleep } from 'node:timers/promises';
import { WorkflowFailedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SimulatorAdmin } from '../../../src/dev/partner-simulator/admin-client';
import type { LedgerEntry } from '../../../src/dev/partner-simulator/admin-types';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import type { OrderResult } from '../../../src/contracts/order-workflow';
import { forEachBounded, type SentOrder } from './orders';

export type Outcome = 'COMPLETED' | 'REJECTED' | 'CANCELLED';

export interface OrderAudit {
  orderId: string;
  outcome: Outcome | 'OPEN' | 'MISSING' | 'UNEXPLAINED';
  /** Why it ended so (the failure's message, the cancellation's reason), or what is wrong with it. */
  reason: string;
  /** A rejection's failure type. */
  failureType?: string;
  closedAt?: number;
  /** Highest workflow task attempt seen in its history (or of its pending task, while open). */
  workflowTaskAttempts: number;
  workflowTaskFailureCauses?: string[];
}

export interface FaultCounts {
  sent: number;
  completed: number;
  rejected: number;
  cancelled: number;
  /** Accepted by the API (or never accepted) with no workflow to show for it. */
  lost: number;
  /** More than one authorization, capture or booking for one order. */
  doubled: number;
  /** Stock, an authorization or a booking still held by an order that did not complete. */
  held: number;
  /** Not closed by the end of the recovery window, closed without a reason, or looping on workflow tasks. */
  stuck: number;
  /** Error-level worker log lines that say "SDK bug" (filled in by the suite, which reads the logs). */
  sdkBugLines: number;
}

export interface FaultAudit {
  counts: FaultCounts;
  /** Rejections per failure type (e.g. PaymentDeclined, PartnerUnavailable): what the orders were refused for. */
  rejectedBy: Record<string, number>;
  /** One rejection message per failure type, as the operator reads it. */
  rejectionSamples: Record<string, string>;
  /** The first few problems, each naming its order, for the report and the assertion message. */
  problems: string[];
  /** Milliseconds from the fault's end until the last order closed. */
  recoverMs: number;
}

/** A workflow task on its third attempt, with failures (not only timeouts) among them: a loop, not a blip. */
const LOOPING_TASK_ATTEMPT = 3;

/** Waits until every accepted order has closed (or the window ends), then audits them and the ledger. */
export async function auditBatch(options: {
  client: Client;
  admin: SimulatorAdmin;
  orders: SentOrder[];
  faultEndedAt: number;
  recoveryWindowMs: number;
}): Promise<FaultAudit> {
  const { client, orders } = options;
  const problems: string[] = [];
  const audits = new Map<string, OrderAudit>();
  const deadline = Date.now() + options.recoveryWindowMs;
  let open = orders.filter((o) => o.accepted);
  for (const order of orders.filter((o) => !o.accepted)) {
    audits.set(order.orderId, {
      orderId: order.orderId,
      outcome: 'MISSING',
      reason: `never accepted: ${order.lastError ?? 'no answer'}`,
      workflowTaskAttempts: 0,
    });
  }
  while (open.length > 0) {
    const stillOpen: SentOrder[] = [];
    await forEachBounded(open, 8, async (order) => {
      const audit = await auditOrder(client, order.orderId, Date.now() >= deadline);
      if (audit.outcome === 'OPEN' && Date.now() < deadline) stillOpen.push(order);
      else audits.set(order.orderId, audit);
    });
    open = stillOpen;
    if (open.length > 0) await sleep(2_000);
  }
  const lastClose = Math.max(options.faultEndedAt, ...[...audits.values()].map((a) => a.closedAt ?? 0));

  const ledger = await options.admin.ledger();
  const byOrder = groupLedgerByOrder(ledger.entries);
  const rejectedBy: Record<string, number> = {};
  const rejectionSamples: Record<string, string> = {};
  let retriedAfterTimeouts = 0;
  const counts: FaultCounts = {
    sent: orders.length,
    completed: 0,
    rejected: 0,
    cancelled: 0,
    lost: 0,
    doubled: 0,
    held: 0,
    stuck: 0,
    sdkBugLines: 0,
  };
  for (const order of orders) {
    const audit = audits.get(order.orderId) as OrderAudit;
    switch (audit.outcome) {
      case 'COMPLETED':
        counts.completed += 1;
        break;
      case 'REJECTED':
        counts.rejected += 1;
        rejectedBy[audit.failureType ?? 'unknown'] = (rejectedBy[audit.failureType ?? 'unknown'] ?? 0) + 1;
        rejectionSamples[audit.failureType ?? 'unknown'] ??= audit.reason.slice(0, 300);
        break;
      case 'CANCELLED':
        counts.cancelled += 1;
        break;
      case 'MISSING':
        counts.lost += 1;
        problems.push(`${order.orderId} lost: ${audit.reason}`);
        break;
      default:
        counts.stuck += 1;
        problems.push(`${order.orderId} stuck: ${audit.reason}`);
    }
    // Timeouts alone (a killed worker, a machine too loaded to answer in time) are retried, not a loop.
    const failedTasks = audit.workflowTaskFailureCauses?.length ?? 0;
    if (audit.workflowTaskAttempts >= LOOPING_TASK_ATTEMPT && failedTasks === 0) retriedAfterTimeouts += 1;
    if (
      audit.workflowTaskAttempts >= LOOPING_TASK_ATTEMPT &&
      failedTasks > 0 &&
      audit.outcome !== 'OPEN' &&
      audit.outcome !== 'UNEXPLAINED'
    ) {
      counts.stuck += 1;
      problems.push(
        `${order.orderId} looped on workflow tasks: attempt ${audit.workflowTaskAttempts}; ${audit.workflowTaskFailureCauses?.join(' | ') || 'timeouts only'}`,
      );
    }
    const ops = byOrder.get(orderWorkflowId(order.orderId)) ?? new Map<string, number>();
    const doubled = ['payments.authorize', 'payments.capture', 'carriers.book'].filter((op) => (ops.get(op) ?? 0) > 1);
    if (doubled.length > 0) {
      counts.doubled += 1;
      problems.push(`${order.orderId} doubled: ${doubled.map((op) => `${op} x${ops.get(op)}`).join(', ')}`);
    }
    const held = heldBy(audit.outcome, ops);
    if (held.length > 0) {
      counts.held += 1;
      problems.push(`${order.orderId} (${audit.outcome}) holds: ${held.join(', ')}`);
    }
  }
  if (retriedAfterTimeouts > 0)
    problems.unshift(
      `note: ${retriedAfterTimeouts} order(s) had a workflow task time out twice in a row (not failures) and then closed`,
    );
  return { counts, rejectedBy, rejectionSamples, problems, recoverMs: Math.max(0, lastClose - options.faultEndedAt) };
}

/** What an order still holds at the partners that it should not, by its outcome. */
function heldBy(outcome: OrderAudit['outcome'], ops: Map<string, number>): string[] {
  const n = (op: string) => ops.get(op) ?? 0;
  const held: string[] = [];
  if (outcome === 'COMPLETED') {
    if (n('payments.capture') !== 1) held.push(`a completed order with ${n('payments.capture')} captures`);
    if (n('carriers.book') !== 1) held.push(`a completed order with ${n('carriers.book')} bookings`);
    return held;
  }
  if (n('inventory.reserve') > 0 && n('inventory.release') === 0) held.push('stock reserved, never released');
  if (n('payments.authorize') > 0 && n('payments.void') === 0 && n('payments.capture') === 0)
    held.push('an authorization never voided');
  if (n('payments.capture') > 0) held.push('a capture for an order that did not complete');
  if (n('carriers.book') > 0) held.push('a booking for an order that did not complete');
  return held;
}

/** Ledger entries per workflow id (idempotency keys are `<workflowId>:<step>`), counted per operation. */
function groupLedgerByOrder(entries: LedgerEntry[]): Map<string, Map<string, number>> {
  const byOrder = new Map<string, Map<string, number>>();
  for (const entry of entries) {
    const workflowId = entry.idempotencyKey.split(':')[0] as string;
    const ops = byOrder.get(workflowId) ?? new Map<string, number>();
    ops.set(entry.operation, (ops.get(entry.operation) ?? 0) + 1);
    byOrder.set(workflowId, ops);
  }
  return byOrder;
}

async function auditOrder(client: Client, orderId: string, final: boolean): Promise<OrderAudit> {
  const handle = client.workflow.getHandle(orderWorkflowId(orderId));
  let description;
  try {
    description = await handle.describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      return {
        orderId,
        outcome: 'MISSING',
        reason: 'accepted by the API, but no workflow exists',
        workflowTaskAttempts: 0,
      };
    if (!final)
      return { orderId, outcome: 'OPEN', reason: `describe failed: ${String(error)}`, workflowTaskAttempts: 0 };
    throw error;
  }
  const closedAt = description.closeTime?.getTime();
  const status = description.status.name;
  if (status === 'RUNNING') {
    if (!final) return { orderId, outcome: 'OPEN', reason: 'running', workflowTaskAttempts: 0 };
    const attempt = description.raw.pendingWorkflowTask?.attempt ?? 0;
    const activities = (description.raw.pendingActivities ?? []).map(
      (a) =>
        `${a.activityType?.name} attempt ${a.attempt}${a.lastFailure?.message ? ` (${a.lastFailure.message})` : ''}`,
    );
    return {
      orderId,
      outcome: 'OPEN',
      reason: `still running after the recovery window; workflow task attempt ${attempt}; pending: ${activities.join('; ') || 'none'}`,
      workflowTaskAttempts: attempt,
    };
  }
  const health = await workflowTaskHealth(client, orderId);
  const base = {
    orderId,
    ...(closedAt ? { closedAt } : {}),
    workflowTaskAttempts: health.maxAttempt,
    workflowTaskFailureCauses: health.causes,
  };
  if (status === 'COMPLETED') {
    const result = (await handle.result()) as OrderResult;
    if (result.status === 'CANCELLED') {
      return {
        ...base,
        outcome: result.cancellation?.reason ? 'CANCELLED' : 'UNEXPLAINED',
        reason: result.cancellation?.reason ?? 'cancelled without a reason',
      };
    }
    return { ...base, outcome: 'COMPLETED', reason: `captured ${result.captureId}` };
  }
  if (status === 'FAILED') {
    try {
      await handle.result();
    } catch (error) {
      const cause = error instanceof WorkflowFailedError ? error.cause : undefined;
      const message = cause?.message ?? '';
      const failureType = (cause as { type?: string } | undefined)?.type ?? cause?.name ?? 'unknown';
      return {
        ...base,
        outcome: message ? 'REJECTED' : 'UNEXPLAINED',
        reason: message || 'failed without a message',
        failureType,
      };
    }
  }
  return { ...base, outcome: 'UNEXPLAINED', reason: `closed as ${status}` };
}

interface WorkflowTaskHealth {
  /** Highest attempt of any workflow task: 2 after one lost task (a kill), 3 or more is a retry loop. */
  maxAttempt: number;
  /** Distinct causes of the failed workflow tasks, for the report. */
  causes: string[];
}

async function workflowTaskHealth(client: Client, orderId: string): Promise<WorkflowTaskHealth> {
  const history = await client.workflow.getHandle(orderWorkflowId(orderId)).fetchHistory();
  let maxAttempt = 0;
  const causes = new Set<string>();
  for (const event of history.events ?? []) {
    const scheduled = event.workflowTaskScheduledEventAttributes;
    if (scheduled) maxAttempt = Math.max(maxAttempt, scheduled.attempt ?? 1);
    const failed = event.workflowTaskFailedEventAttributes;
    if (failed) causes.add(`${String(failed.cause)}: ${failed.failure?.message?.slice(0, 160) ?? ''}`);
  }
  return { maxAttempt, causes: [...causes] };
}
