import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';

describe('a worker killed in the middle of a payment authorization', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ inProcessIoWorkers: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('is replaced, the authorization is retried with the same idempotency key, and the card is authorized exactly once', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'payments.authorize', latency: 1_500 }] });
    const order = sampleOrder();
    const first = await stack.startWorkerProcess('io');
    try {
      await stack.orders.place(order);
      await eventually(
        'the authorization request to reach the payments partner',
        async () => {
          const stats = await stack.partners.stats();
          return (stats.inFlight['payments.authorize'] ?? 0) > 0 ? true : undefined;
        },
        60_000,
      );
    } finally {
      first.signal('SIGKILL');
      await first.exited;
    }
    const second = await stack.startWorkerProcess('io');
    try {
      const result = await stack.orders.result(order.orderId);
      expect(result.status).toBe('COMPLETED');
    } finally {
      await second.stop();
    }
    const ledger = await stack.partners.ledger();
    const authorizations = ledger.entries.filter(
      (e) =>
        e.partner === 'payments' &&
        e.operation.endsWith('authorize') &&
        e.idempotencyKey.startsWith(`order-${order.orderId}:`),
    );
    expect(authorizations).toHaveLength(1);
    const stats = await stack.partners.stats();
    expect(stats.requests['payments.authorize']).toBeGreaterThanOrEqual(2);
  });
});
