import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrderEndpoint, placeOrderEndpoint } from '../../../src/front-doors/api/contract/endpoints';
import type { OrderSnapshot } from '../../../src/front-doors/client/orderops-client';
import { DECLINED_PAYMENT_REFERENCE } from '../../../src/dev/partner-simulator';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import { eventually } from '../../support/eventually';
import { sampleOrder, startTestStack, type TestStack } from '../../support/orderops-stack';
import { expectDocumented, send, startApi, type RunningApi } from './support/api-harness';

describe('services place and follow orders over HTTP, on the real dev server and workers', () => {
  let stack: TestStack;
  let api: RunningApi;

  beforeAll(async () => {
    stack = await startTestStack();
    api = await startApi({ orders: stack.orders, client: stack.client });
  });
  afterAll(async () => {
    await api?.close();
    await stack?.stop();
  });

  const place = (order: unknown) => send('POST', `${api.url}/orders`, { json: order });
  const getOrder = async (orderId: string) => {
    const answer = await send('GET', `${api.url}/orders/${orderId}`);
    expectDocumented(getOrderEndpoint, answer);
    return answer;
  };
  const closedOrder = (orderId: string) =>
    eventually(`order ${orderId} to close`, async () => {
      const answer = await getOrder(orderId);
      return (answer.body as OrderSnapshot).state === 'running' ? undefined : (answer.body as OrderSnapshot);
    }, 90_000);
  const workflowsWithId = async (orderId: string) => {
    const found: string[] = [];
    for await (const execution of stack.client.workflow.list({ query: `WorkflowId = "${orderWorkflowId(orderId)}"` })) found.push(execution.runId);
    return found;
  };

  it('accepts a valid order with 202 and a status URL, and the order completes', async () => {
    const order = sampleOrder();
    const answer = await place(order);
    expect(answer.status).toBe(202);
    expectDocumented(placeOrderEndpoint, answer);
    const statusUrl = `/orders/${order.orderId}`;
    expect(answer.body).toEqual({ orderId: order.orderId, workflowId: `order-${order.orderId}`, statusUrl, created: true });
    expect(answer.headers.location).toBe(statusUrl);

    const closed = await closedOrder(order.orderId);
    expect(closed).toMatchObject({ orderId: order.orderId, state: 'completed', status: 'COMPLETED', result: { status: 'COMPLETED', totalMinor: 2 * 1999 + 4999 } });
  });

  it('answers a running order with its live status and the partner calls it waits on', async () => {
    const order = sampleOrder();
    await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 4_000 }] });
    try {
      expect((await place(order)).status).toBe(202);
      const running = await eventually('the authorization to be pending', async () => {
        const snapshot = (await getOrder(order.orderId)).body as OrderSnapshot;
        if (snapshot.state !== 'running') throw new Error(`the order closed before it could be seen running: ${JSON.stringify(snapshot)}`);
        return snapshot.pendingCalls.some((call) => call.activity === 'authorizePayment') ? snapshot : undefined;
      });
      expect(running.status).toMatchObject({ orderId: order.orderId, status: 'RESERVING', waitingOn: expect.stringContaining('payment') });
      expect(running.status.steps).toContainEqual({ step: 'authorize-payment', partner: 'payments', state: 'running' });
      const authorizing = running.pendingCalls.find((call) => call.activity === 'authorizePayment');
      expect(authorizing).toMatchObject({ attempt: 1, state: expect.stringMatching(/^(SCHEDULED|STARTED)$/) });
    } finally {
      await stack.partners.clearFaults();
    }
    expect((await closedOrder(order.orderId)).state).toBe('completed');
  });

  it('answers a rejected order with its failure, naming the partner and why', async () => {
    const order = sampleOrder({ paymentReference: DECLINED_PAYMENT_REFERENCE });
    expect((await place(order)).status).toBe(202);
    const closed = await closedOrder(order.orderId);
    expect(closed).toMatchObject({ state: 'failed', status: 'REJECTED', failure: { type: 'PaymentDeclined', message: expect.stringContaining('payments') } });
  });

  it('starts exactly one workflow when the same order is posted 3 times at once, and answers retries 200', async () => {
    const order = sampleOrder();
    const answers = await Promise.all([place(order), place(order), place(order)]);
    for (const answer of answers) expectDocumented(placeOrderEndpoint, answer);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 202]);
    expect(answers.map((a) => (a.body as { created: boolean }).created).sort()).toEqual([false, false, true]);
    for (const answer of answers) expect(answer.body).toMatchObject({ orderId: order.orderId, workflowId: `order-${order.orderId}`, statusUrl: `/orders/${order.orderId}` });

    expect((await closedOrder(order.orderId)).state).toBe('completed');
    const late = await place(order);
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({ created: false });

    const runs = await eventually('the order to be visible', async () => {
      const found = await workflowsWithId(order.orderId);
      return found.length > 0 ? found : undefined;
    });
    expect(runs).toHaveLength(1);
    const { entries } = await stack.partners.ledger({ idempotencyKey: `${orderWorkflowId(order.orderId)}:reserve-inventory` });
    expect(entries).toHaveLength(1);
  });

  it('refuses a different body under an existing order id with 409, leaving the order as it was', async () => {
    const order = sampleOrder();
    expect((await place(order)).status).toBe(202);
    const imposter = { ...order, items: [{ sku: 'SKU-0003', quantity: 5, unitPriceMinor: 100 }] };
    const answer = await place(imposter);
    expect(answer.status).toBe(409);
    expectDocumented(placeOrderEndpoint, answer);
    expect(answer.body).toMatchObject({ error: 'OrderIdConflict', orderId: order.orderId, message: expect.stringContaining('different') });

    const closed = await closedOrder(order.orderId);
    expect(closed).toMatchObject({ state: 'completed', result: { totalMinor: 2 * 1999 + 4999 } });
    expect(await workflowsWithId(order.orderId)).toHaveLength(1);
  });

  it('finds completed orders by OrderStatus and CustomerId through visibility', async () => {
    const customerId = `cust-${randomUUID().slice(0, 8)}`;
    const order = sampleOrder({ customerId });
    expect((await place(order)).status).toBe(202);
    expect((await closedOrder(order.orderId)).state).toBe('completed');

    const listIds = async (query: string) => {
      const ids: string[] = [];
      for await (const execution of stack.client.workflow.list({ query })) ids.push(execution.workflowId);
      return ids;
    };
    const workflowId = orderWorkflowId(order.orderId);
    // Visibility is eventually consistent: the search attributes land shortly after the workflow closes.
    for (const query of [`OrderStatus = "COMPLETED"`, `CustomerId = "${customerId}"`, `OrderStatus = "COMPLETED" AND CustomerId = "${customerId}"`]) {
      const ids = await eventually(`${query} to list the order`, async () => {
        const found = await listIds(query);
        return found.includes(workflowId) ? found : undefined;
      });
      expect(ids, query).toContain(workflowId);
    }
    expect(await listIds(`CustomerId = "${customerId}" AND OrderStatus = "REJECTED"`)).toEqual([]);
  });
});
