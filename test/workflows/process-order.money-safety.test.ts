import { WorkflowFailedError, WorkflowIdReusePolicy } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FRAUD_CUSTOMERS } from '../../src/dev/partner-simulator';
import { statusQuery, type OrderResult, type OrderStatusView } from '../../src/contracts/order-workflow';
import { NEEDS_ATTENTION, ORDER_STATUS } from '../../src/contracts/search-attributes';
import { PROCESS_ORDER_WORKFLOW, orderWorkflowId } from '../../src/contracts/workflow-names';
import { eventually } from '../support/eventually';
import { scheduledActivities } from '../support/history';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';

/**
 * The paths where an order could lose money or stock, or tell a caller something false, each
 * reproduced against the real dev server, workers and partner simulator. The simulator's ledger
 * (every mutation it accepted, by idempotency key) is the witness of what partners were asked to do.
 */
describe('processOrder keeps money and stock safe', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ carrierCount: 12 });
  });
  afterEach(async () => {
    await stack.partners.clearFaults();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const handleOf = (orderId: string) =>
    stack.client.workflow.getHandle<typeof import('../../src/workflows').processOrder>(orderWorkflowId(orderId));
  const view = (orderId: string): Promise<OrderStatusView> => handleOf(orderId).query(statusQuery);
  const accepted = async (orderId: string, step: string) =>
    (await stack.partners.ledger()).entries.filter(
      (entry) => entry.idempotencyKey === `${orderWorkflowId(orderId)}:${step}`,
    );
  const failureOf = async (orderId: string) => {
    const err = await handleOf(orderId)
      .result()
      .catch((error: unknown) => error);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    return (err as WorkflowFailedError).cause as { type?: string; message: string; details?: unknown[] };
  };
  const waitForStatus = (orderId: string, status: string) =>
    eventually(`order ${orderId} to reach ${status}`, async () =>
      (await view(orderId)).status === status ? true : undefined,
    );

  it('completes an order whose workflow an operator cancels during booking: booking and capture are never cut, nothing is undone', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'carriers.book', latency: 2_000 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    await waitForStatus(order.orderId, 'BOOKING');
    await handleOf(order.orderId).cancel();

    const result = await handleOf(order.orderId).result();
    expect(result.status).toBe('COMPLETED');
    expect(result.note).toMatch(/cancelled the workflow once booking had started/);
    expect(await accepted(order.orderId, 'book-carrier')).toHaveLength(1);
    expect(await accepted(order.orderId, 'capture-payment')).toHaveLength(1);
    expect(await accepted(order.orderId, 'release-inventory')).toHaveLength(0);
    expect(await accepted(order.orderId, 'void-authorization')).toHaveLength(0);
  });

  it('ends a second run under a processed order id as a duplicate, without touching any partner or the first run', async () => {
    const order = sampleOrder();
    await stack.orders.place(order);
    expect((await handleOf(order.orderId).result()).status).toBe('COMPLETED');
    const ledgerBefore = (await stack.partners.ledger()).entries.length;

    // What the Temporal CLI allows by default, or any start once the first run has left retention.
    const second = await stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
      workflowId: orderWorkflowId(order.orderId),
      taskQueue: stack.config.taskQueues.orders,
      args: [order, { taskQueues: stack.config.taskQueues }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    const failure = await second.result().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; message: string };
    expect(cause.type).toBe('DuplicateOrder');
    expect(cause.message).toMatch(/already processed by run/);

    expect((await stack.partners.ledger()).entries.length).toBe(ledgerBefore);
    const secondRun = await scheduledActivities(
      stack.client,
      orderWorkflowId(order.orderId),
      second.firstExecutionRunId,
    );
    expect(secondRun).toEqual([]);
  });

  it('gives every carrier a fair chance: with 4 of 12 hanging, the order completes with quotes from the others', async () => {
    // Hang the four carriers this order asks first, so they hold every lane at the start.
    const probe = sampleOrder();
    await stack.orders.place(probe);
    const probeResult = await handleOf(probe.orderId).result();
    const firstFour = (probeResult.quotes?.carriers ?? []).slice(0, 4).map((carrier) => carrier.carrierId);
    expect(firstFour).toHaveLength(4);
    await stack.partners.setFaults({
      rules: firstFour.map((carrierId) => ({ target: `carrier:${carrierId}.quote`, hang: true })),
    });

    const order = sampleOrder();
    await stack.orders.place(order);
    const result = await handleOf(order.orderId).result();
    expect(result.status).toBe('COMPLETED');
    expect(result.quotes).toMatchObject({ requested: 12, received: 8, partial: true });
    const hung = result.quotes?.carriers?.filter((carrier) => firstFour.includes(carrier.carrierId));
    expect(hung?.map((carrier) => carrier.outcome)).toEqual(['timed-out', 'timed-out', 'timed-out', 'timed-out']);
    expect(firstFour).not.toContain(result.route?.carrierId);
  });

  it('answers a cancel with the final state the order really ends in, even when a refusal lands right after it', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'inventory.reserve', latency: 600, refuse: 'OutOfStock' }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    await eventually('the reservation to be in flight', async () =>
      (await view(order.orderId)).steps.some((s) => s.step === 'reserve-inventory' && s.state === 'running')
        ? true
        : undefined,
    );
    const outcome = await stack.orders.cancel(order.orderId, 'customer asked');

    const result = (await handleOf(order.orderId).result()) as OrderResult;
    expect(outcome.status).toBe(result.status);
    expect(result.status).toBe('CANCELLED');
    const description = await handleOf(order.orderId).describe();
    expect(description.typedSearchAttributes.get(ORDER_STATUS)).toBe('CANCELLED');
  });

  it('marks an order whose compensation failed NeedsAttention, findable with one query, naming the partner, step and reason', async () => {
    await stack.partners.setFaults({
      rules: [
        { target: 'fraud', latency: 1_000 }, // the authorization is held when fraud rejects
        { target: 'payments.void', refuse: 'PaymentDeclined' },
      ],
    });
    const order = sampleOrder({ customerId: FRAUD_CUSTOMERS.reject });
    await stack.orders.place(order);
    const cause = await failureOf(order.orderId);
    expect(cause.type).toBe('FraudRejected');
    const details = cause.details?.[0] as OrderStatusView;
    expect(details.attention).toEqual([
      expect.objectContaining({
        partner: 'payments',
        step: 'void-authorization',
        reason: expect.stringMatching(/PaymentDeclined/),
      }),
    ]);

    const found = await eventually('the order to be listed as needing attention', async () => {
      const ids: string[] = [];
      for await (const execution of stack.client.workflow.list({
        query: `NeedsAttention = true AND WorkflowId = '${orderWorkflowId(order.orderId)}'`,
      }))
        ids.push(execution.workflowId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(found).toEqual([orderWorkflowId(order.orderId)]);
    expect((await handleOf(order.orderId).describe()).typedSearchAttributes.get(NEEDS_ATTENTION)).toBe(true);
  });

  it('keeps the compensations and the result when an operator cancels the workflow during the fan-out', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 20_000 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    await eventually('the stock to be reserved while the payment is pending', async () => {
      const steps = Object.fromEntries((await view(order.orderId)).steps.map((s) => [s.step, s.state]));
      return steps['reserve-inventory'] === 'done' && steps['authorize-payment'] === 'running' ? true : undefined;
    });
    await handleOf(order.orderId).cancel();

    const result = await handleOf(order.orderId).result();
    expect(result.status).toBe('CANCELLED');
    expect(result.cancellation?.reason).toMatch(/cancelled by an operator/);
    expect(result.compensations).toContainEqual(
      expect.objectContaining({ step: 'release-inventory', outcome: 'done' }),
    );
    expect((await handleOf(order.orderId).describe()).status.name).toBe('COMPLETED');
    expect(await accepted(order.orderId, 'release-inventory')).toHaveLength(1);
  });

  it('releases stock the partner reserved although every answer to the reservation was lost', async () => {
    // The partner reserves, then answers after the attempt's 5 s timeout, every time: the activity
    // gives up not knowing that the stock is held.
    await stack.partners.setFaults({ rules: [{ target: 'inventory.reserve', lateAnswerMs: 6_000 }] });
    const order = sampleOrder();
    await stack.orders.place(order);
    const cause = await failureOf(order.orderId);
    expect(cause.message).toMatch(/inventory failed at reserve-inventory/);

    expect(await accepted(order.orderId, 'reserve-inventory')).toHaveLength(1);
    expect(await accepted(order.orderId, 'release-inventory')).toHaveLength(1);
    const details = cause.details?.[0] as OrderStatusView;
    expect(details.compensations).toContainEqual(
      expect.objectContaining({ step: 'release-inventory', outcome: 'done' }),
    );
    expect(details.compensations).toContainEqual(
      expect.objectContaining({ step: 'void-authorization', outcome: 'done' }),
    );
  }, 180_000);
});
