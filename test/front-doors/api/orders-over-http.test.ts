import { randomUUID } from 'node:crypto';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { getOrderEndpoint, placeOrderEndpoint } from '../../../src/front-doors/api/contract/endpoints';
import type { OrderView } from '../../../src/front-doors/client/orderops-client';
import { ORDER_STATUSES } from '../../../src/contracts/order-workflow';
import { PROCESS_ORDER_WORKFLOW } from '../../../src/contracts/workflow-names';
import { DECLINED_PAYMENT_REFERENCE } from '../../../src/dev/partner-simulator';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import { eventually } from '../../support/eventually';
import { sampleOrder } from '../../support/orderops-stack';
import { expectDocumented, expectMatchesOpenApi, send } from './support/api-harness';
import { useApiOnTestStack } from './support/api-on-test-stack';

describe('services place and follow orders over HTTP, on the real dev server and workers', () => {
  const live = useApiOnTestStack();

  const place = (order: unknown) => send('POST', `${live.api.url}/orders`, { json: order });
  const getOrder = async (orderId: string) => {
    const answer = await send('GET', `${live.api.url}/orders/${orderId}`);
    expectDocumented(getOrderEndpoint, answer);
    return answer;
  };
  const closedOrder = (orderId: string) =>
    eventually(
      `order ${orderId} to close`,
      async () => {
        const view = (await getOrder(orderId)).body as OrderView;
        return view.closedAt === null ? undefined : view;
      },
      90_000,
    );
  const workflowsWithId = async (orderId: string) => {
    const found: string[] = [];
    for await (const execution of live.stack.client.workflow.list({
      query: `WorkflowId = "${orderWorkflowId(orderId)}"`,
    }))
      found.push(execution.runId);
    return found;
  };

  it('accepts a valid order with 202 and a status URL, and the order completes', async () => {
    const order = sampleOrder();
    const answer = await place(order);
    expect(answer.status).toBe(202);
    expectDocumented(placeOrderEndpoint, answer);
    const statusUrl = `/orders/${order.orderId}`;
    expect(answer.body).toEqual({
      orderId: order.orderId,
      workflowId: `order-${order.orderId}`,
      statusUrl,
      created: true,
    });
    expect(answer.headers.location).toBe(statusUrl);

    const closed = await closedOrder(order.orderId);
    expect(closed).toMatchObject({
      orderId: order.orderId,
      status: 'COMPLETED',
      progress: null,
      failure: null,
      booking: { trackingNumber: expect.any(String) },
      captureId: expect.any(String),
    });
  });

  it('answers a running order with its live status and the partner calls it waits on', async () => {
    const order = sampleOrder();
    await live.stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 4_000 }] });
    try {
      expect((await place(order)).status).toBe(202);
      const running = await eventually('the authorization to be pending', async () => {
        const view = (await getOrder(order.orderId)).body as OrderView;
        if (!view.progress)
          throw new Error(`the order closed before it could be seen running: ${JSON.stringify(view)}`);
        return view.progress.pendingCalls.some((call) => call.activity === 'authorizePayment')
          ? view.progress
          : undefined;
      });
      expect(running).toMatchObject({ waitingOn: expect.stringContaining('payment') });
      expect(running.steps).toContainEqual(
        expect.objectContaining({ step: 'authorize-payment', partner: 'payments', state: 'running' }),
      );
      expect(running.steps.filter((s) => s.step.startsWith('quote-carrier:'))).toEqual([]);
      const authorizing = running.pendingCalls.find((call) => call.activity === 'authorizePayment');
      expect(authorizing).toMatchObject({ attempt: 1, state: expect.stringMatching(/^(SCHEDULED|STARTED)$/) });
    } finally {
      await live.stack.partners.clearFaults();
    }
    expect((await closedOrder(order.orderId)).status).toBe('COMPLETED');
  });

  it('answers a rejected order with one small failure object: code, partner, step, what to do', async () => {
    const order = sampleOrder({ paymentReference: DECLINED_PAYMENT_REFERENCE });
    expect((await place(order)).status).toBe(202);
    const closed = await closedOrder(order.orderId);
    expect(closed).toMatchObject({
      status: 'REJECTED',
      progress: null,
      failure: {
        code: 'PaymentDeclined',
        partner: 'payments',
        step: 'authorize-payment',
        whatToDo: expect.stringContaining('new orderId'),
      },
    });
    expect(closed.compensations).toContainEqual(
      expect.objectContaining({ step: 'release-inventory', outcome: 'done' }),
    );
    // Small: the reason once, no copy of the status view (it was 2.2 KB).
    expect(JSON.stringify(closed).length).toBeLessThan(1_200);
  });

  it('answers a running, a completed, a rejected and a cancelled order in the same shape, which the OpenAPI schema validates', async () => {
    const slow = sampleOrder();
    const completed = sampleOrder();
    const rejected = sampleOrder({ paymentReference: DECLINED_PAYMENT_REFERENCE });
    const cancelled = sampleOrder();
    await live.stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 6_000 }] });
    const views: Record<string, OrderView> = {};
    try {
      for (const order of [slow, cancelled]) expect((await place(order)).status).toBe(202);
      views.running = await eventually('an order to be seen running', async () => {
        const view = (await getOrder(slow.orderId)).body as OrderView;
        return view.progress?.steps.some((s) => s.step === 'authorize-payment' && s.state === 'running')
          ? view
          : undefined;
      });
      await eventually('the second order to be authorizing', async () => {
        const view = (await getOrder(cancelled.orderId)).body as OrderView;
        return view.progress?.steps.some((s) => s.step === 'authorize-payment' && s.state === 'running')
          ? view
          : undefined;
      });
      expect(
        (
          await send('POST', `${live.api.url}/orders/${cancelled.orderId}/cancel`, {
            json: { reason: 'customer changed their mind' },
          })
        ).status,
      ).toBe(202);
    } finally {
      await live.stack.partners.clearFaults();
    }
    for (const order of [completed, rejected]) expect((await place(order)).status).toBe(202);
    views.completed = await closedOrder(completed.orderId);
    views.rejected = await closedOrder(rejected.orderId);
    views.cancelled = await closedOrder(cancelled.orderId);

    expect(Object.fromEntries(Object.entries(views).map(([kind, view]) => [kind, view.status]))).toEqual({
      running: 'RESERVING',
      completed: 'COMPLETED',
      rejected: 'REJECTED',
      cancelled: 'CANCELLED',
    });
    const keys = Object.keys(views.running).sort();
    for (const [kind, view] of Object.entries(views)) {
      expect(Object.keys(view).sort(), kind).toEqual(keys);
      expect(ORDER_STATUSES, kind).toContain(view.status);
      expectMatchesOpenApi('OrderView', view);
    }
    expect(views.running).toMatchObject({ closedAt: null, progress: { waitingOn: expect.any(String) } });
    expect(views.cancelled).toMatchObject({
      progress: null,
      failure: null,
      cancellation: { reason: 'customer changed their mind' },
    });
    await closedOrder(slow.orderId);
  });

  it('starts exactly one workflow when the same order is posted 3 times at once, and answers retries 200', async () => {
    const order = sampleOrder();
    const answers = await Promise.all([place(order), place(order), place(order)]);
    for (const answer of answers) expectDocumented(placeOrderEndpoint, answer);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 202]);
    expect(answers.map((a) => (a.body as { created: boolean }).created).sort()).toEqual([false, false, true]);
    for (const answer of answers)
      expect(answer.body).toMatchObject({
        orderId: order.orderId,
        workflowId: `order-${order.orderId}`,
        statusUrl: `/orders/${order.orderId}`,
      });

    expect((await closedOrder(order.orderId)).status).toBe('COMPLETED');
    const late = await place(order);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ created: false });

    const runs = await eventually('the order to be visible', async () => {
      const found = await workflowsWithId(order.orderId);
      return found.length > 0 ? found : undefined;
    });
    expect(runs).toHaveLength(1);
    const { entries } = await live.stack.partners.ledger({
      idempotencyKey: `${orderWorkflowId(order.orderId)}:reserve-inventory`,
    });
    expect(entries).toHaveLength(1);
  });

  it('refuses a different body under an existing order id with 409, leaving the order as it was', async () => {
    const order = sampleOrder();
    expect((await place(order)).status).toBe(202);
    const imposter = { ...order, items: [{ sku: 'SKU-0003', quantity: 5, unitPriceMinor: 100 }] };
    const answer = await place(imposter);
    expect(answer.status).toBe(409);
    expectDocumented(placeOrderEndpoint, answer);
    expect(answer.body).toMatchObject({
      error: 'OrderIdConflict',
      orderId: order.orderId,
      message: expect.stringContaining('different'),
    });

    expect(answer.body).toMatchObject({ message: expect.stringContaining('items differ') });
    expect((await closedOrder(order.orderId)).status).toBe('COMPLETED');
    expect(await workflowsWithId(order.orderId)).toHaveLength(1);
  });

  it('compares a re-posted order with the input the run started with, when another door started it (no memo)', async () => {
    const order = sampleOrder();
    // What `temporal workflow start --input-file` or any plain client does: the order as the only argument.
    await live.stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
      workflowId: orderWorkflowId(order.orderId),
      taskQueue: live.stack.config.taskQueues.orders,
      args: [order, { taskQueues: live.stack.config.taskQueues }],
    });
    const again = await place(order);
    expect(again.status).toBe(200);
    expectDocumented(placeOrderEndpoint, again);
    expect(again.body).toMatchObject({ orderId: order.orderId, created: false });

    const different = await place({ ...order, paymentReference: 'tok_other_card' });
    expect(different.status).toBe(409);
    expectDocumented(placeOrderEndpoint, different);
    expect(different.body).toMatchObject({
      error: 'OrderIdConflict',
      message: expect.stringContaining('paymentReference differ'),
    });
    expect((await closedOrder(order.orderId)).status).toBe('COMPLETED');
  });

  it('answers a re-post after a second run was refused as a duplicate with 409 and the original outcome; GET shows that outcome', async () => {
    const order = sampleOrder();
    expect((await place(order)).status).toBe(202);
    expect((await closedOrder(order.orderId)).status).toBe('COMPLETED');
    // What a start after the namespace retention dropped the first run would do (or `temporal workflow start` with ALLOW_DUPLICATE).
    const second = await live.stack.client.workflow.start(PROCESS_ORDER_WORKFLOW, {
      workflowId: orderWorkflowId(order.orderId),
      taskQueue: live.stack.config.taskQueues.orders,
      args: [order, { taskQueues: live.stack.config.taskQueues }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    });
    await expect(second.result()).rejects.toThrow();

    const again = await place(order);
    expect(again.status).toBe(409);
    expectDocumented(placeOrderEndpoint, again);
    expect(again.body).toMatchObject({
      error: 'OrderAlreadyProcessed',
      orderId: order.orderId,
      message: expect.stringContaining('its outcome: COMPLETED'),
    });
    const view = (await getOrder(order.orderId)).body as OrderView;
    expect(view).toMatchObject({ status: 'COMPLETED', booking: { trackingNumber: expect.any(String) } });
  });

  it('finds completed orders by OrderStatus and CustomerId through visibility', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const order = sampleOrder({ customerId });
    expect((await place(order)).status).toBe(202);
    expect((await closedOrder(order.orderId)).status).toBe('COMPLETED');

    const listIds = async (query: string) => {
      const ids: string[] = [];
      for await (const execution of live.stack.client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    const workflowId = orderWorkflowId(order.orderId);
    // Visibility is eventually consistent: the search attributes land shortly after the workflow closes.
    for (const query of [
      `OrderStatus = "COMPLETED"`,
      `CustomerId = "${customerId}"`,
      `OrderStatus = "COMPLETED" AND CustomerId = "${customerId}"`,
    ]) {
      const ids = await eventually(`${query} to list the order`, async () => {
        const found = await listIds(query);
        return found.includes(workflowId) ? found : undefined;
      });
      expect(ids, query).toContain(workflowId);
    }
    expect(await listIds(`CustomerId = "${customerId}" AND OrderStatus = "REJECTED"`)).toEqual([]);
  });
});
