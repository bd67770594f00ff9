import { describe, expect, it } from 'vitest';
import { cancelOrderEndpoint, getOrderEndpoint } from '../../../src/front-doors/api/contract/endpoints';
import type { OrderView } from '../../../src/front-doors/client/orderops-client';
import { orderWorkflowId } from '../../../src/contracts/workflow-names';
import { eventually } from '../../support/eventually';
import { sampleOrder } from '../../support/orderops-stack';
import { expectDocumented, send, type HttpAnswer } from './support/api-harness';
import { useApiOnTestStack } from './support/api-on-test-stack';

describe('services cancel orders over HTTP, on the real dev server and workers', () => {
  const live = useApiOnTestStack();

  const place = async (order: ReturnType<typeof sampleOrder>) =>
    expect((await send('POST', `${live.api.url}/orders`, { json: order })).status).toBe(202);
  const cancel = async (orderId: string, reason: string) => {
    const answer = await send('POST', `${live.api.url}/orders/${orderId}/cancel`, { json: { reason } });
    expectDocumented(cancelOrderEndpoint, answer);
    return answer;
  };
  const view = async (orderId: string) => {
    const answer = await send('GET', `${live.api.url}/orders/${orderId}`);
    expectDocumented(getOrderEndpoint, answer);
    return answer.body as OrderView;
  };
  const closed = (orderId: string) =>
    eventually(
      `order ${orderId} to close`,
      async () => ((await view(orderId)).closedAt ? view(orderId) : undefined),
      90_000,
    );
  const stepIs = (current: OrderView, step: string, state: string) =>
    current.progress?.steps.some((s) => s.step === step && s.state === state) ?? false;

  it('answers 202 once the order accepts, with where to follow it; the order then ends CANCELLED with its stock released', async () => {
    const order = sampleOrder();
    // A slow card network holds the order in RESERVING long enough to cancel it there.
    await live.stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 8_000 }] });
    try {
      await place(order);
      await eventually('the stock to be reserved while the card is still authorizing', async () => {
        const current = await view(order.orderId);
        if (current.closedAt)
          throw new Error(`the order closed before it could be cancelled: ${JSON.stringify(current)}`);
        return stepIs(current, 'reserve-inventory', 'done') && stepIs(current, 'authorize-payment', 'running')
          ? current
          : undefined;
      });

      const answer = await cancel(order.orderId, 'customer changed their mind');
      expect(answer.status).toBe(202);
      expect(answer.headers.location).toBe(`/orders/${order.orderId}`);
      expect(answer.body).toMatchObject({
        orderId: order.orderId,
        cancellation: 'accepted',
        reason: 'customer changed their mind',
        statusUrl: `/orders/${order.orderId}`,
      });

      // A retry of the same cancel (after a lost answer, say) joins the first one.
      const retried = await cancel(order.orderId, 'customer changed their mind');
      expect([202, 409]).toContain(retried.status);
    } finally {
      await live.stack.partners.clearFaults();
    }

    const final = await closed(order.orderId);
    expect(final).toMatchObject({
      status: 'CANCELLED',
      cancellation: { reason: 'customer changed their mind' },
      failure: null,
    });
    expect(final.compensations).toContainEqual(expect.objectContaining({ step: 'release-inventory', outcome: 'done' }));
    const { entries } = await live.stack.partners.ledger({
      idempotencyKey: `${orderWorkflowId(order.orderId)}:release-inventory`,
    });
    expect(entries).toHaveLength(1);
  });

  it('refuses with 409 and the reason once the carrier is being booked; the order completes', async () => {
    const order = sampleOrder();
    await live.stack.partners.setFaults({ rules: [{ target: 'carriers.book', latency: 5_000 }] });
    try {
      await place(order);
      await eventually('the booking to be under way', async () => {
        const current = await view(order.orderId);
        if (current.closedAt) throw new Error(`the order closed before booking was seen: ${JSON.stringify(current)}`);
        return current.status === 'BOOKING' ? current : undefined;
      });
      const answer = await cancel(order.orderId, 'too late');
      expect(answer.status).toBe(409);
      expect(answer.body).toMatchObject({
        error: 'CancelRefused',
        orderId: order.orderId,
        message: expect.stringContaining('booked'),
      });
    } finally {
      await live.stack.partners.clearFaults();
    }
    expect((await closed(order.orderId)).status).toBe('COMPLETED');
  });

  it('refuses to cancel a finished order with 409 and the reason', async () => {
    const order = sampleOrder();
    await place(order);
    await closed(order.orderId);

    const answer = await cancel(order.orderId, 'too late');
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({
      error: 'CancelRefused',
      orderId: order.orderId,
      message: expect.stringContaining('already COMPLETED'),
    });
    expect((await view(order.orderId)).status).toBe('COMPLETED');
  });

  it('answers 404 when cancelling an order that does not exist', async () => {
    const answer = await cancel(sampleOrder().orderId, 'never placed');
    expect(answer.status).toBe(404);
    expect(answer.body).toMatchObject({ error: 'OrderNotFound' });
  });

  it('answers cancels racing the orders own progress with 202, 409 or 503, never 500, and every order closes', async () => {
    const orders = Array.from({ length: 6 }, () => sampleOrder());
    // Enough partner latency that cancels land at every stage: fan-out, scoring, booking, closing.
    await live.stack.partners.setFaults({
      rules: [
        { target: 'payments.authorize', latency: { uniform: [50, 1_500] } },
        { target: 'carriers.book', latency: { uniform: [50, 800] } },
      ],
    });
    const answers: HttpAnswer[] = [];
    try {
      await Promise.all(
        orders.map(async (order, index) => {
          await place(order);
          await new Promise((resolve) => setTimeout(resolve, index * 400));
          // Two at once for the same order, as a client retrying over a flaky network would.
          answers.push(...(await Promise.all([cancel(order.orderId, 'race'), cancel(order.orderId, 'race')])));
        }),
      );
    } finally {
      await live.stack.partners.clearFaults();
    }
    const statuses = answers.map((a) => a.status);
    expect(
      statuses.every((status) => [202, 409, 503].includes(status)),
      JSON.stringify(statuses),
    ).toBe(true);
    for (const answer of answers.filter((a) => a.status === 503))
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    const finals = await Promise.all(orders.map((order) => closed(order.orderId)));
    for (const final of finals) expect(['COMPLETED', 'CANCELLED', 'REJECTED']).toContain(final.status);
    // An order some cancel was accepted for did not complete as if nothing happened, unless booking had begun.
    expect(finals.filter((f) => f.status === 'CANCELLED').length).toBeGreaterThan(0);
  });
});
