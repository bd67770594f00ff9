import { WorkflowFailedError } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OrderRequestRefusedError } from '../../src/front-doors/client/order-errors';
import { FAILED_PARTNER, ORDER_STATUS } from '../../src/contracts/search-attributes';
import { orderWorkflowId } from '../../src/contracts/workflow-names';
import { QUOTE_CONCURRENCY } from '../../src/workflows/order/policies';
import { eventually } from '../support/eventually';
import { scheduledActivities } from '../support/history';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';

describe('processOrder against misbehaving partners', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ carrierCount: 15 });
  });
  afterEach(async () => {
    await stack.partners.clearFaults();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const activitiesOf = (orderId: string) => scheduledActivities(stack.client, orderWorkflowId(orderId));

  it('retries a partner that answers 503 twice, then completes; the history shows the retries', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', failFirst: 2, errorStatus: 503 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    expect((await stack.orders.result(order.orderId)).status).toBe('COMPLETED');
    const authorize = (await activitiesOf(order.orderId)).find((a) => a.activityType === 'authorizePayment')!;
    expect(authorize.attempt).toBe(3);
    expect(authorize.lastFailure).toContain('503');
    const ledger = await stack.partners.ledger();
    expect(ledger.entries.filter((e) => e.idempotencyKey === `order-${order.orderId}:authorize-payment`)).toHaveLength(
      1,
    );
  });

  it('waits out Retry-After: after a 429 with Retry-After: 2 the next attempt starts no sooner than 2 s later', async () => {
    await stack.partners.setFaults({
      rules: [{ target: 'fraud.score', failFirst: 1, errorStatus: 429, retryAfterSeconds: 2 }],
    });
    const order = sampleOrder();
    await stack.orders.place(order);
    expect((await stack.orders.result(order.orderId)).status).toBe('COMPLETED');
    const fraud = (await activitiesOf(order.orderId)).find((a) => a.activityType === 'checkFraud')!;
    expect(fraud.attempt).toBe(2);
    expect(fraud.lastFailure).toContain('429');
    // Attempt 1 started right after scheduling; attempt 2 is the one history keeps.
    expect(fraud.startedAt! - fraud.scheduledAt).toBeGreaterThanOrEqual(2000);
  });

  it('rejects a declined card without retrying, releases the stock, and says which partner and why', async () => {
    const order = sampleOrder({ paymentReference: 'tok_declined' });
    await stack.orders.place(order);
    const failure = await stack.orders.result(order.orderId).catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe('PaymentDeclined');
    expect(cause.message).toMatch(/payments failed at authorize-payment/);
    expect(cause.message).toMatch(/stock released/);

    const authorize = (await activitiesOf(order.orderId)).find((a) => a.activityType === 'authorizePayment')!;
    expect(authorize.attempt).toBe(1);

    const snapshot = await stack.orders.get(order.orderId);
    expect(snapshot).toMatchObject({
      status: 'REJECTED',
      closedAt: expect.any(String),
      failure: { code: 'PaymentDeclined', partner: 'payments' },
    });
    const description = await stack.client.workflow.getHandle(orderWorkflowId(order.orderId)).describe();
    expect(description.typedSearchAttributes.get(ORDER_STATUS)).toBe('REJECTED');
    expect(description.typedSearchAttributes.get(FAILED_PARTNER)).toBe('payments');

    const ledger = await stack.partners.ledger();
    const mine = ledger.entries.filter((e) => e.idempotencyKey.startsWith(`order-${order.orderId}:`));
    expect(mine.filter((e) => e.idempotencyKey.endsWith(':release-inventory'))).toHaveLength(1);
    expect(mine.filter((e) => e.idempotencyKey.endsWith(':authorize-payment'))).toHaveLength(0);
  });

  it('cancels a hanging carrier at the quote deadline and completes with the other quotes; the abort reaches the HTTP request', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'carrier:carrier-03.quote', hang: true }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    const result = await stack.orders.result(order.orderId);
    expect(result.status).toBe('COMPLETED');
    expect(result.quotes).toMatchObject({ requested: 15, partial: true });
    expect(result.quotes!.received).toBeGreaterThan(0);
    expect(result.route?.carrierId).not.toBe('carrier-03');
    const stats = await stack.partners.stats();
    expect(
      stats.clientAborts.some(
        (abort) => abort.carrierId === 'carrier-03' && abort.idempotencyKey?.startsWith(`order-${order.orderId}:`),
      ),
    ).toBe(true);
  });

  it(`never has more than ${QUOTE_CONCURRENCY} quote calls in flight, with 15 carriers`, async () => {
    // Earlier tests may leave a cut-off quote request draining; count from a quiet start.
    await eventually('no quote calls in flight', async () =>
      (await stack.partners.stats()).inFlight['carriers.quote'] ? undefined : true,
    );
    await stack.partners.resetStats();
    await stack.partners.setFaults({ rules: [{ target: 'carriers.quote', latency: 150 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    const result = await stack.orders.result(order.orderId);
    expect(result.quotes).toMatchObject({ requested: 15, received: 15, partial: false });
    const stats = await stack.partners.stats();
    expect(stats.maxInFlight['carriers.quote']).toBe(QUOTE_CONCURRENCY);
  });

  it('cancelOrder during the fan-out cancels the in-flight calls and runs each compensation once', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 20_000 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    await eventually('the stock to be reserved while the payment is still pending', async () => {
      const snapshot = await stack.orders.get(order.orderId);
      if (!snapshot.progress) return undefined;
      const steps = Object.fromEntries(snapshot.progress.steps.map((s) => [s.step, s.state]));
      return steps['reserve-inventory'] === 'done' && steps['authorize-payment'] === 'running' ? true : undefined;
    });
    const outcome = await stack.orders.cancel(order.orderId, 'customer changed their mind');
    expect(outcome).toMatchObject({ status: 'CANCELLED', reason: 'customer changed their mind' });
    expect(outcome.compensations.map((c) => [c.step, c.outcome])).toContainEqual(['release-inventory', 'done']);

    const result = await stack.orders.result(order.orderId);
    expect(result.status).toBe('CANCELLED');
    const authorize = (await activitiesOf(order.orderId)).find((a) => a.activityType === 'authorizePayment')!;
    expect(authorize.outcome).toBe('cancelled');
    const stats = await stack.partners.stats();
    expect(
      stats.clientAborts.some((abort) => abort.idempotencyKey === `order-${order.orderId}:authorize-payment`),
    ).toBe(true);
    const ledger = await stack.partners.ledger();
    const releases = ledger.entries.filter((e) => e.idempotencyKey === `order-${order.orderId}:release-inventory`);
    expect(releases).toHaveLength(1);
    const description = await stack.client.workflow.getHandle(orderWorkflowId(order.orderId)).describe();
    expect(description.typedSearchAttributes.get(ORDER_STATUS)).toBe('CANCELLED');
  });

  it('refuses cancelOrder once the carrier is booked, with the reason', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'payments.capture', latency: 3_000 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    await eventually('the order to reach CAPTURING', async () => {
      const snapshot = await stack.orders.get(order.orderId);
      return snapshot.progress && snapshot.status === 'CAPTURING' ? true : undefined;
    });
    const refusal = await stack.orders.cancel(order.orderId, 'too late').catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(OrderRequestRefusedError);
    expect((refusal as OrderRequestRefusedError).reason).toMatch(/already booked/);
    expect((await stack.orders.result(order.orderId)).status).toBe('COMPLETED');
  });
});
