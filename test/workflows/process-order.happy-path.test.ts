import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderValidationError, OrderNotFoundError } from '../../src/front-doors/client/order-errors';
import { orderWorkflowId, PROCESS_ORDER_WORKFLOW } from '../../src/contracts/workflow-names';
import {
  AUTHORIZE_PAYMENT,
  CHECK_FRAUD,
  QUOTE_CONCURRENCY,
  RESERVE_INVENTORY,
} from '../../src/workflows/order/policies';
import { scheduledActivities } from '../support/history';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';

const ms = (duration: unknown) => {
  const text = String(duration);
  const value = parseFloat(text);
  return text.endsWith('ms') ? value : text.endsWith('m') ? value * 60_000 : value * 1000;
};

describe('processOrder, happy path, on the real dev server', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('completes an order: reserves, authorizes, checks fraud, quotes, scores, books and captures', async () => {
    const order = sampleOrder();
    const placed = await stack.orders.place(order);
    expect(placed).toMatchObject({ orderId: order.orderId, workflowId: `order-${order.orderId}`, created: true });

    const result = await stack.orders.result(order.orderId);
    expect(result.status).toBe('COMPLETED');
    expect(result.totalMinor).toBe(2 * 1999 + 4999);
    expect(result.route?.chosenBy).toBe('scorer');
    expect(result.booking?.trackingNumber).toBeTruthy();
    expect(result.captureId).toBeTruthy();
    expect(result.quotes?.received).toBeGreaterThan(0);

    const snapshot = await stack.orders.get(order.orderId);
    expect(snapshot).toMatchObject({ status: 'COMPLETED', closedAt: expect.any(String), progress: null });

    const ledger = await stack.partners.ledger();
    const keys = ledger.entries.map((entry) => entry.idempotencyKey);
    const workflowId = orderWorkflowId(order.orderId);
    for (const step of ['reserve-inventory', 'authorize-payment', 'book-carrier', 'capture-payment']) {
      expect(keys.filter((key) => key === `${workflowId}:${step}`)).toHaveLength(1);
    }
  });

  it('issues the partner calls together on partner-io with their stated timeouts, and scores on route-scoring', async () => {
    const order = sampleOrder();
    // Partner latency makes the overlap observable: sequential calls could not overlap in time.
    await stack.partners.setFaults({
      rules: [
        { target: 'inventory', latency: 300 },
        { target: 'payments', latency: 300 },
        { target: 'fraud', latency: 300 },
      ],
    });
    try {
      await stack.orders.place(order);
      await stack.orders.result(order.orderId);
    } finally {
      await stack.partners.clearFaults();
    }
    const activities = await scheduledActivities(stack.client, orderWorkflowId(order.orderId));
    const byType = (type: string) => activities.filter((a) => a.activityType === type);

    const required = ['reserveInventory', 'authorizePayment', 'checkFraud'].map((type) => byType(type)[0]!);
    const quotes = byType('quoteCarrier');
    const firstWave = [...required, ...quotes.slice(0, QUOTE_CONCURRENCY)];
    // Scheduled by one workflow task: issued together, not one after another.
    expect(new Set(firstWave.map((a) => a.workflowTaskCompletedEventId)).size).toBe(1);
    // And they ran at the same time: every pair of required calls overlaps.
    for (const a of required) {
      for (const b of required) {
        expect(a.startedAt!).toBeLessThan(b.closedAt!);
      }
    }
    for (const activity of activities.filter((a) => a.activityType !== 'scoreRoutes')) {
      expect(activity.taskQueue).toBe(stack.config.taskQueues.partnerIo);
      expect(activity.startToCloseMs).toBeGreaterThan(0);
      expect(activity.scheduleToCloseMs).toBeGreaterThan(0);
      expect(activity.summary).toMatch(/^(inventory|payments|fraud|carriers): /);
    }
    expect(required.map((a) => [a.activityType, a.startToCloseMs, a.scheduleToCloseMs])).toEqual([
      ['reserveInventory', ms(RESERVE_INVENTORY.startToCloseTimeout), ms(RESERVE_INVENTORY.scheduleToCloseTimeout)],
      ['authorizePayment', ms(AUTHORIZE_PAYMENT.startToCloseTimeout), ms(AUTHORIZE_PAYMENT.scheduleToCloseTimeout)],
      ['checkFraud', ms(CHECK_FRAUD.startToCloseTimeout), ms(CHECK_FRAUD.scheduleToCloseTimeout)],
    ]);
    const scoring = byType('scoreRoutes');
    expect(scoring).toHaveLength(1);
    expect(scoring[0]!.taskQueue).toBe(stack.config.taskQueues.routeScoring);
  });

  it('refuses a bad order before any workflow starts, naming the field', async () => {
    const order = sampleOrder({ currency: 'XYZ', items: [{ sku: 'SKU-0001', quantity: -1, unitPriceMinor: 100 }] });
    const refusal = await stack.orders.place(order).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(OrderValidationError);
    const fields = (refusal as OrderValidationError).problems.map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['currency', 'items.0.quantity']));
    await expect(stack.orders.get(order.orderId)).rejects.toBeInstanceOf(OrderNotFoundError);
  });

  it('rejects a bad order started around the client (e.g. with the temporal CLI), naming the field', async () => {
    const order = sampleOrder({
      shippingAddress: { name: 'X', line1: 'Y', city: 'Z', postalCode: '1', country: 'France' },
    });
    const handle = await stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
      workflowId: orderWorkflowId(order.orderId as string),
      taskQueue: stack.config.taskQueues.orders,
      args: [order, { taskQueues: stack.config.taskQueues }],
    });
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe('InvalidOrder');
    expect(cause.message).toContain('shippingAddress.postalCode');
    expect(cause.message).toContain('shippingAddress.country');
  });
});
