import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/platform/logger';
import {
  SimulatorAdminError,
  startPartnerSimulator,
  type FaultSpec,
  type PartnerSimulator,
} from '../../src/dev/partner-simulator';

/** Real HTTP over loopback to an in-process simulator on a free port. */
describe('partner simulator', () => {
  let simulator: PartnerSimulator;
  // Own agent: unlimited connections per origin, closed at the end so no socket outlives the file.
  const agent = new Agent({ keepAliveTimeout: 10_000 });

  beforeAll(async () => {
    simulator = await startPartnerSimulator({ port: 0, seed: 7, logger: silentLogger() });
  });
  afterAll(async () => {
    await agent.close();
    await simulator?.close();
  });
  beforeEach(async () => {
    await simulator.admin.reset();
  });

  interface Answer {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Record<string, unknown>;
  }

  async function call(
    method: 'GET' | 'POST',
    path: string,
    options: { body?: unknown; key?: string; signal?: AbortSignal } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.key) headers['idempotency-key'] = options.key;
    const response = await request(`${simulator.url}${path}`, {
      method,
      headers,
      dispatcher: agent,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.body.text();
    return {
      status: response.statusCode,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  const post = (path: string, body: unknown, key: string | undefined = randomUUID()) =>
    call('POST', path, { body, key });
  const authorization = (overrides: Record<string, unknown> = {}) => ({
    orderId: `o-${randomUUID()}`,
    amountMinor: 4999,
    currency: 'EUR',
    paymentReference: 'tok_visa',
    ...overrides,
  });
  const quote = (orderId = `o-${randomUUID()}`) => ({
    orderId,
    destination: { country: 'FR', postalCode: '69002' },
    weightGrams: 1800,
    warehouseIds: ['wh-01', 'wh-02'],
  });

  async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  describe('idempotency', () => {
    it('answers a repeated key with the first answer, acting once: one ledger entry seen twice', async () => {
      const body = authorization();
      const first = await post('/payments/authorizations', body, 'pay-1');
      // Same body, keys in another order: still the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const second = await post('/payments/authorizations', reordered, 'pay-1');

      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ status: 'authorized', amountMinor: 4999, currency: 'EUR' });
      expect(second.status).toBe(first.status);
      expect(second.body).toEqual(first.body);
      expect(second.headers['idempotent-replayed']).toBe('true');

      const { entries } = await simulator.admin.ledger({ partner: 'payments' });
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        idempotencyKey: 'pay-1',
        partner: 'payments',
        operation: 'payments.authorize',
        path: '/payments/authorizations',
        status: 201,
        response: first.body,
        timesSeen: 2,
      });
    });

    it('refuses a key reused with a different body, 422 IdempotencyKeyReused, and keeps the first answer', async () => {
      await post('/payments/authorizations', authorization({ orderId: 'o-1' }), 'pay-2');
      const reused = await post('/payments/authorizations', authorization({ orderId: 'o-2' }), 'pay-2');
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({ error: 'IdempotencyKeyReused', field: 'Idempotency-Key' });
      const { entries } = await simulator.admin.ledger({ idempotencyKey: 'pay-2' });
      expect(entries).toHaveLength(1);
      expect(entries[0]?.timesSeen).toBe(1);
    });

    it('refuses a mutation without an Idempotency-Key with 400 naming the header', async () => {
      const answer = await call('POST', '/payments/authorizations', { body: authorization() });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'IdempotencyKeyMissing', field: 'Idempotency-Key' });
      expect(String(answer.body.message)).toContain('Idempotency-Key');
      expect((await simulator.admin.ledger()).entries).toHaveLength(0);
    });

    it('refuses a bad body with 400 naming the field', async () => {
      const answer = await post('/inventory/reservations', {
        orderId: 'o-1',
        items: [{ sku: 'SKU-0001', quantity: 0 }],
      });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'ValidationFailed', field: 'items[0].quantity' });
    });

    it('declines tok_declined with 402 PaymentDeclined, remembers the refusal for the retry, and ledgers no mutation', async () => {
      const body = authorization({ paymentReference: 'tok_declined' });
      const first = await post('/payments/authorizations', body, 'pay-declined');
      const retry = await post('/payments/authorizations', body, 'pay-declined');
      expect(first.status).toBe(402);
      expect(first.body).toMatchObject({ error: 'PaymentDeclined' });
      expect(typeof first.body.message).toBe('string');
      expect(retry.status).toBe(402);
      expect(retry.body).toEqual(first.body);
      expect((await simulator.admin.ledger()).entries).toHaveLength(0);
      const withRefusals = await simulator.admin.ledger({ includeRefusals: true });
      expect(withRefusals.entries).toMatchObject([{ idempotencyKey: 'pay-declined', status: 402, timesSeen: 2 }]);
    });
  });

  describe('partners', () => {
    it('authorizes, voids, and refuses to capture a voided authorization', async () => {
      const authorized = await post('/payments/authorizations', authorization());
      const id = String(authorized.body.authorizationId);
      const voided = await call('POST', `/payments/authorizations/${id}/void`, { key: randomUUID() });
      expect(voided).toMatchObject({ status: 200, body: { authorizationId: id, status: 'voided' } });
      const capture = await post(`/payments/authorizations/${id}/capture`, { amountMinor: 4999 });
      expect(capture).toMatchObject({ status: 409, body: { error: 'AuthorizationVoided' } });
    });

    it('captures an authorization', async () => {
      const authorized = await post('/payments/authorizations', authorization());
      const id = String(authorized.body.authorizationId);
      const captured = await post(`/payments/authorizations/${id}/capture`, { amountMinor: 4000 });
      expect(captured.status).toBe(200);
      expect(captured.body).toMatchObject({ authorizationId: id, status: 'captured' });
      expect(captured.body.captureId).toEqual(expect.any(String));
    });

    it('reserves real stock: the stock feed shows the hold, and release gives it back (twice is fine)', async () => {
      const items = [{ sku: 'SKU-0001', quantity: 3 }];
      const before = await stockOf('SKU-0001');
      const reserved = await post('/inventory/reservations', { orderId: 'o-stock', items });
      expect(reserved.status).toBe(201);
      const warehouses = reserved.body.warehouses as Array<{ warehouseId: string; node: number }>;
      expect(warehouses.length).toBeGreaterThan(0);
      const held = await stockOf('SKU-0001');
      for (const { warehouseId } of warehouses) expect(held.get(warehouseId)).toBe((before.get(warehouseId) ?? 0) - 3);

      const path = `/inventory/reservations/${String(reserved.body.reservationId)}/release`;
      expect(await post(path, {})).toMatchObject({ status: 200, body: { released: true } });
      expect(await post(path, {})).toMatchObject({ status: 200, body: { released: true } });
      expect(await stockOf('SKU-0001')).toEqual(before);
    });

    it('answers 409 OutOfStock when no warehouse holds everything', async () => {
      const answer = await post('/inventory/reservations', {
        orderId: 'o-big',
        items: [{ sku: 'SKU-0001', quantity: 9_999 }],
      });
      expect(answer).toMatchObject({ status: 409, body: { error: 'OutOfStock' } });
    });

    it('scores fraud deterministically and rejects cust-fraud', async () => {
      const body = { orderId: 'o-9', customerId: 'cust-42', amountMinor: 8997, currency: 'EUR', country: 'FR' };
      const first = await post('/fraud/scores', body);
      const again = await post('/fraud/scores', body);
      expect(first.status).toBe(200);
      expect(first.body).toEqual(again.body);
      expect(first.body.decision).toBe('approve');
      const fraudster = await post('/fraud/scores', { ...body, customerId: 'cust-fraud' });
      expect(fraudster.body).toMatchObject({ decision: 'reject' });
    });

    it('lists carriers, quotes deterministically, books, and refuses postal code 00000 with 422 AddressInvalid', async () => {
      const carriers = await call('GET', '/carriers');
      expect(carriers.status).toBe(200);
      expect(carriers.body).toHaveLength(12);

      const request = quote('o-ship');
      const first = await post('/carriers/carrier-03/quotes', request);
      const second = await post('/carriers/carrier-03/quotes', request);
      expect(first.status).toBe(200);
      expect({ ...first.body, validUntil: 0 }).toEqual({ ...second.body, validUntil: 0 });
      expect(first.body).toMatchObject({ carrierId: 'carrier-03', currency: 'EUR' });

      const booking = await post('/carriers/carrier-03/bookings', {
        quoteId: first.body.quoteId,
        orderId: 'o-ship',
        warehouseId: 'wh-01',
      });
      expect(booking.status).toBe(201);
      expect(booking.body).toMatchObject({ carrierId: 'carrier-03', trackingNumber: expect.any(String) });

      const bad = await post('/carriers/carrier-03/quotes', {
        ...request,
        destination: { country: 'FR', postalCode: '00000' },
      });
      expect(bad).toMatchObject({ status: 422, body: { error: 'AddressInvalid' } });
      expect((await post('/carriers/carrier-99/quotes', request)).status).toBe(404);
    });

    it('derives the same world from the same seed', async () => {
      const twin = await startPartnerSimulator({ port: 0, seed: 7, logger: silentLogger() });
      try {
        const [mine, theirs] = await Promise.all([simulator.admin.info(), twin.admin.info()]);
        expect(theirs).toEqual(mine);
        expect(mine.networkSize).toBe(2000);
        for (const node of [...mine.warehouses.map((w) => w.node), ...mine.carriers.map((c) => c.hubNode)]) {
          expect(node).toBeGreaterThanOrEqual(0);
          expect(node).toBeLessThan(2000);
        }
      } finally {
        await twin.close();
      }
    });
  });

  describe('fault injection', () => {
    it('fails the first two requests with 503, then acts: the retry under the same key is not a replay', async () => {
      await simulator.admin.setFaults({ rules: [{ target: 'payments.authorize', failFirst: 2, errorStatus: 503 }] });
      const body = authorization();
      const statuses = [];
      for (let attempt = 0; attempt < 3; attempt++)
        statuses.push((await post('/payments/authorizations', body, 'pay-flaky')).status);
      expect(statuses).toEqual([503, 503, 201]);
      const { entries } = await simulator.admin.ledger();
      expect(entries).toMatchObject([{ idempotencyKey: 'pay-flaky', timesSeen: 1 }]);
    });

    it('counts the calls that asked (distinct idempotency keys) apart from the attempts', async () => {
      await simulator.admin.resetStats();
      await simulator.admin.setFaults({ rules: [{ target: 'payments.authorize', failFirst: 2, errorStatus: 503 }] });
      for (let attempt = 0; attempt < 3; attempt++) await post('/payments/authorizations', authorization(), 'pay-a');
      await post('/payments/authorizations', authorization(), 'pay-b');
      const stats = await simulator.admin.stats();
      expect(stats.requests['payments.authorize']).toBe(4);
      expect(stats.distinctKeys['payments.authorize']).toBe(2);
    });

    it('answers 429 with the Retry-After header', async () => {
      await simulator.admin.setFaults({
        rules: [{ target: 'fraud', failFirst: 1, errorStatus: 429, retryAfterSeconds: 3 }],
      });
      const body = { orderId: 'o-1', customerId: 'cust-1', amountMinor: 100, currency: 'EUR', country: 'DE' };
      const limited = await post('/fraud/scores', body, 'fraud-1');
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('3');
      expect((await post('/fraud/scores', body, 'fraud-1')).status).toBe(200);
    });

    it('hangs until the client gives up, and records the client abort', async () => {
      await simulator.admin.setFaults({ rules: [{ target: 'payments.authorize', hang: true }] });
      const attempt = call('POST', '/payments/authorizations', {
        body: authorization(),
        key: 'pay-hang',
        signal: AbortSignal.timeout(200),
      });
      await expect(attempt).rejects.toThrow();
      const abort = await eventually('the abort to be recorded', async () => {
        const stats = await simulator.admin.stats();
        return stats.clientAborts.find((entry) => entry.idempotencyKey === 'pay-hang');
      });
      expect(abort).toMatchObject({ target: 'payments.authorize', path: '/payments/authorizations', phase: 'waiting' });
      expect(abort.elapsedMs).toBeGreaterThanOrEqual(150);
      expect((await simulator.admin.stats()).inFlight['payments.authorize']).toBe(0);
      expect((await simulator.admin.ledger()).entries).toHaveLength(0);
    });

    it('resets the connection: the client sees a socket error, and it is not counted as a client abort', async () => {
      await simulator.admin.setFaults({ rules: [{ target: 'inventory.reserve', resetConnection: true }] });
      const failure = await post('/inventory/reservations', {
        orderId: 'o-1',
        items: [{ sku: 'SKU-0001', quantity: 1 }],
      }).catch((err: unknown) => err);
      expect(failure).toBeInstanceOf(Error);
      expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain((failure as { code?: string }).code);
      const stats = await simulator.admin.stats();
      expect(stats.clientAborts).toHaveLength(0);
      expect(stats.inFlight['inventory.reserve']).toBe(0);
    });

    it('injects a permanent refusal that a retry under the same key gets again', async () => {
      await simulator.admin.setFaults({ rules: [{ target: 'carriers.book', failFirst: 1, refuse: 'AddressInvalid' }] });
      const quoted = await post('/carriers/carrier-01/quotes', quote('o-r'));
      const booking = { quoteId: quoted.body.quoteId, orderId: 'o-r', warehouseId: 'wh-02' };
      const first = await post('/carriers/carrier-01/bookings', booking, 'book-1');
      const retry = await post('/carriers/carrier-01/bookings', booking, 'book-1');
      expect(first).toMatchObject({ status: 422, body: { error: 'AddressInvalid' } });
      expect(retry.body).toEqual(first.body);
      expect((await post('/carriers/carrier-01/bookings', booking, 'book-2')).status).toBe(201);
    });

    it('lets the most specific target win', async () => {
      await simulator.admin.setFaults({
        rules: [
          { target: 'carriers', errorStatus: 502 },
          { target: 'carrier:carrier-03', errorStatus: 500 },
          { target: 'carrier:carrier-03.quote', latency: 0 },
        ],
      });
      expect((await post('/carriers/carrier-03/quotes', quote())).status).toBe(200);
      expect(
        (await post('/carriers/carrier-03/bookings', { quoteId: 'q', orderId: 'o', warehouseId: 'wh-01' })).status,
      ).toBe(500);
      expect((await post('/carriers/carrier-04/quotes', quote())).status).toBe(502);
    });

    it('dribbles a slow body that still arrives whole', async () => {
      await simulator.admin.setFaults({ rules: [{ target: 'fraud.score', slowBodyMs: 200 }] });
      const started = Date.now();
      const answer = await post('/fraud/scores', {
        orderId: 'o-1',
        customerId: 'c',
        amountMinor: 100,
        currency: 'EUR',
        country: 'DE',
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ decision: expect.any(String) });
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    });

    it('refuses a bad fault spec with 400 naming the field', async () => {
      const attempts: Array<[unknown, string]> = [
        [{ rules: [{ target: 'payments.authorize', errorRate: 2 }] }, 'rules[0].errorRate'],
        [
          {
            rules: [
              { target: 'payments', latency: 10 },
              { target: 'wallets', hang: true },
            ],
          },
          'rules[1].target',
        ],
        [{ rules: [{ target: 'carrier:carrier-99', hang: true }] }, 'rules[0].target'],
        [{ rules: [{ target: 'fraud', errorrate: 0.5 }] }, 'rules[0].errorrate'],
        [{ rules: [{ target: 'fraud', latency: { uniform: [50, 10] } }] }, 'rules[0].latency.uniform'],
        [{ rules: [{ target: 'fraud', hang: true, errorStatus: 503 }] }, 'rules[0].hang'],
      ];
      for (const [spec, field] of attempts) {
        const failure = await simulator.admin.setFaults(spec as FaultSpec).catch((err: unknown) => err);
        expect(failure, field).toBeInstanceOf(SimulatorAdminError);
        expect((failure as SimulatorAdminError).statusCode).toBe(400);
        expect((failure as SimulatorAdminError).body).toMatchObject({ error: 'InvalidFaultSpec', field });
        expect((failure as SimulatorAdminError).message).toContain(field);
      }
      expect((await simulator.admin.faults()).rules).toEqual([]);
    });
  });

  describe('stats', () => {
    it('counts max in-flight per carrier, per operation and per partner under concurrency', async () => {
      await simulator.admin.setFaults({ rules: [{ target: 'carriers.quote', latency: 300 }] });
      await simulator.admin.resetStats();
      const calls = [
        ...Array.from({ length: 5 }, () => post('/carriers/carrier-03/quotes', quote())),
        ...Array.from({ length: 3 }, () => post('/carriers/carrier-04/quotes', quote())),
        post('/carriers/carrier-05/quotes', quote()),
      ];
      const answers = await Promise.all(calls);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      const stats = await simulator.admin.stats();
      expect(stats.maxInFlight).toMatchObject({
        'carrier:carrier-03': 5,
        'carrier:carrier-03.quote': 5,
        'carrier:carrier-04': 3,
        'carrier:carrier-05': 1,
        'carriers.quote': 9,
        carriers: 9,
      });
      expect(stats.requests).toMatchObject({ 'carrier:carrier-03': 5, 'carriers.quote': 9 });
      expect(stats.inFlight).toMatchObject({ 'carrier:carrier-03': 0, 'carriers.quote': 0, carriers: 0 });
      expect(stats.responses['carriers.quote']).toEqual({ '200': 9 });
    });
  });

  describe('feeds', () => {
    it('pages through every item with stable cursors and no duplicates', async () => {
      const pages = await readFeed('stock', 137);
      const rows = pages.flatMap(
        (page) => page.items as Array<{ warehouseId: string; sku: string; node: number; region: string }>,
      );
      const keys = rows.map((row) => `${row.warehouseId}/${row.sku}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(rows.length).toBeGreaterThan(1000);
      expect(pages.at(-1)?.nextCursor).toBeNull();

      // Same cursor, same rows; the order survives stock changes.
      await post('/inventory/reservations', { orderId: 'o-feed', items: [{ sku: 'SKU-0002', quantity: 1 }] });
      const cursor = String(pages[3]?.nextCursor);
      const again = await call('GET', `/feeds/stock?limit=137&cursor=${cursor}`);
      const before = pages[4]?.items as Array<{ warehouseId: string; sku: string }>;
      const after = again.body.items as Array<{ warehouseId: string; sku: string }>;
      expect(after.map((row) => `${row.warehouseId}/${row.sku}`)).toEqual(
        before.map((row) => `${row.warehouseId}/${row.sku}`),
      );

      const whole = await readFeed('stock', 500);
      expect(whole.flatMap((page) => page.items as unknown[])).toHaveLength(rows.length);
    });

    it('serves the catalog and rates, and refuses foreign cursors and bad limits', async () => {
      const catalog = (await readFeed('catalog', 50)).flatMap((page) => page.items as Array<{ sku: string }>);
      expect(catalog).toHaveLength(300);
      expect(catalog[0]).toMatchObject({
        sku: 'SKU-0001',
        name: expect.any(String),
        weightGrams: expect.any(Number),
        priceMinor: expect.any(Number),
      });
      const rates = (await readFeed('rates', 500)).flatMap((page) => page.items as unknown[]);
      expect(rates.length).toBeGreaterThanOrEqual(12 * 8);

      const first = await call('GET', '/feeds/catalog?limit=10');
      const foreign = await call('GET', `/feeds/stock?cursor=${String(first.body.nextCursor)}`);
      expect(foreign).toMatchObject({ status: 400, body: { error: 'InvalidCursor', field: 'cursor' } });
      expect(await call('GET', '/feeds/stock?limit=501')).toMatchObject({ status: 400, body: { field: 'limit' } });
      expect((await call('GET', '/feeds/orders')).status).toBe(404);
    });

    it('can be faulted per feed', async () => {
      await simulator.admin.setFaults({
        rules: [{ target: 'feeds.stock', failFirst: 1, errorStatus: 503, retryAfterSeconds: 1 }],
      });
      const failed = await call('GET', '/feeds/stock');
      expect(failed.status).toBe(503);
      expect(failed.headers['retry-after']).toBe('1');
      expect((await call('GET', '/feeds/stock')).status).toBe(200);
      expect((await call('GET', '/feeds/catalog')).status).toBe(200);
    });
  });

  it('reset returns ledger, faults, stats and stock to the seed state', async () => {
    const before = await stockOf('SKU-0003');
    await post('/inventory/reservations', { orderId: 'o-reset', items: [{ sku: 'SKU-0003', quantity: 5 }] });
    await simulator.admin.setFaults({ rules: [{ target: 'fraud', latency: 5 }] });
    await simulator.admin.reset();
    expect(await stockOf('SKU-0003')).toEqual(before);
    expect((await simulator.admin.ledger()).entries).toEqual([]);
    expect((await simulator.admin.faults()).rules).toEqual([]);
    // stockOf reads the stock feed, so only feed requests may have been counted since the reset.
    const targets = Object.keys((await simulator.admin.stats()).requests);
    expect(targets.filter((target) => !target.startsWith('feeds'))).toEqual([]);
  });

  it('does not act when the client leaves during the latency, and records the abort', async () => {
    await simulator.admin.setFaults({ rules: [{ target: 'inventory', latency: 5_000 }] });
    const body = { orderId: 'o-gone', items: [{ sku: 'SKU-0004', quantity: 1 }] };
    const attempt = call('POST', '/inventory/reservations', {
      body,
      key: 'res-gone',
      signal: AbortSignal.timeout(100),
    });
    await expect(attempt).rejects.toThrow();
    await eventually('the abort to be recorded', async () => {
      const stats = await simulator.admin.stats();
      return stats.clientAborts.find((entry) => entry.idempotencyKey === 'res-gone');
    });
    expect((await simulator.admin.ledger({ includeRefusals: true })).entries).toEqual([]);
  });

  it('close() does not wait for hanging requests', async () => {
    const doomed = await startPartnerSimulator({ port: 0, logger: silentLogger() });
    await doomed.admin.setFaults({ rules: [{ target: 'payments', hang: true }] });
    const hanging = request(`${doomed.url}/payments/authorizations`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k' },
      body: JSON.stringify(authorization()),
    });
    await eventually('the request to arrive', async () =>
      (await doomed.admin.stats()).inFlight.payments === 1 ? true : undefined,
    );
    await doomed.close();
    await expect(hanging).rejects.toThrow();
  });

  async function readFeed(feed: string, limit: number): Promise<Array<Record<string, unknown>>> {
    const pages: Array<Record<string, unknown>> = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const answer = await call('GET', `/feeds/${feed}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      pages.push(answer.body);
      cursor = answer.body.nextCursor as string | null;
    }
    return pages;
  }

  async function stockOf(sku: string): Promise<Map<string, number>> {
    const rows = (await readFeed('stock', 500)).flatMap(
      (page) => page.items as Array<{ warehouseId: string; sku: string; quantity: number }>,
    );
    return new Map(rows.filter((row) => row.sku === sku).map((row) => [row.warehouseId, row.quantity]));
  }
});

function silentLogger() {
  const logger = createLogger('partner-simulator-twin');
  logger.level = 'warn';
  return logger;
}
