import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrderEndpoint } from '../../../src/front-doors/api/contract/endpoints';
import type { OrderSnapshot } from '../../../src/front-doors/client/orderops-client';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import { eventually } from '../../support/eventually';
import { sampleOrder, startTestStack, type TestStack } from '../../support/orderops-stack';
import { expectDocumented, send, startApi, type RunningApi } from './support/api-harness';

describe('services cancel orders over HTTP, on the real dev server and workers', () => {
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

  const cancel = async (orderId: string, reason: string) => {
    const answer = await send('POST', `${api.url}/orders/${orderId}/cancel`, { json: { reason } });
    expectDocumented(cancelOrderEndpoint, answer);
    return answer;
  };
  const snapshot = async (orderId: string) => (await send('GET', `${api.url}/orders/${orderId}`)).body as OrderSnapshot;

  it('cancels a running order: 200 with the outcome, and what was done is undone', async () => {
    const order = sampleOrder();
    // A slow card network holds the order in RESERVING long enough to cancel it there.
    await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 8_000 }] });
    try {
      expect((await send('POST', `${api.url}/orders`, { json: order })).status).toBe(202);
      await eventually('the stock to be reserved while the card is still authorizing', async () => {
        const current = await snapshot(order.orderId);
        if (current.state !== 'running') throw new Error(`the order closed before it could be cancelled: ${JSON.stringify(current)}`);
        const steps = current.status.steps;
        const reserved = steps.some((s) => s.step === 'reserve-inventory' && s.state === 'done');
        const authorizing = steps.some((s) => s.step === 'authorize-payment' && s.state === 'running');
        return reserved && authorizing ? current : undefined;
      });

      const answer = await cancel(order.orderId, 'customer changed their mind');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ orderId: order.orderId, status: 'CANCELLED', reason: 'customer changed their mind' });
      const compensations = (answer.body as { compensations: { step: string; outcome: string }[] }).compensations;
      expect(compensations).toContainEqual(expect.objectContaining({ step: 'release-inventory', outcome: 'done' }));
    } finally {
      await stack.partners.clearFaults();
    }

    expect(await snapshot(order.orderId)).toMatchObject({ state: 'completed', status: 'CANCELLED', result: { status: 'CANCELLED', cancellation: { reason: 'customer changed their mind' } } });
    const { entries } = await stack.partners.ledger({ idempotencyKey: `${orderWorkflowId(order.orderId)}:release-inventory` });
    expect(entries).toHaveLength(1);
  });

  it('refuses to cancel a finished order with 409 and the reason', async () => {
    const order = sampleOrder();
    expect((await send('POST', `${api.url}/orders`, { json: order })).status).toBe(202);
    await stack.orders.result(order.orderId);

    const answer = await cancel(order.orderId, 'too late');
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: 'CancelRefused', orderId: order.orderId, reason: 'the order is already COMPLETED' });
    expect(await snapshot(order.orderId)).toMatchObject({ state: 'completed', status: 'COMPLETED' });
  });

  it('answers 404 when cancelling an order that does not exist', async () => {
    const answer = await cancel(sampleOrder().orderId, 'never placed');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'OrderNotFound' });
  });
});
