import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelOrderEndpoint,
  getOrderEndpoint,
  placeOrderEndpoint,
} from '../../../src/front-doors/api/contract/endpoints';
import { BODY_LIMIT_BYTES } from '../../../src/front-doors/api/limits';
import { OrderOpsClient } from '../../../src/front-doors/client/orderops-client';
import { sampleOrder } from '../../support/orderops-stack';
import {
  connectTestClient,
  expectDocumented,
  send,
  startApi,
  workflowExists,
  type RunningApi,
} from './support/api-harness';

interface MalformedCase {
  kind: string;
  /** The body to send: an object is sent as JSON, a string as is. */
  body: unknown;
  raw?: boolean;
  fields: string[];
  error?: 'InvalidOrder' | 'MalformedJson';
}

const order = (overrides: Record<string, unknown> = {}) => sampleOrder(overrides);
const without = (key: keyof ReturnType<typeof sampleOrder>) => {
  const { [key]: _dropped, ...rest } = sampleOrder();
  return rest;
};
const item = (overrides: Record<string, unknown>) => ({
  sku: 'SKU-0001',
  quantity: 1,
  unitPriceMinor: 100,
  ...overrides,
});
const address = (overrides: Record<string, unknown>) => ({ ...sampleOrder().shippingAddress, ...overrides });

const MALFORMED: MalformedCase[] = [
  { kind: 'orderId missing', body: without('orderId'), fields: ['orderId'] },
  { kind: 'orderId with spaces', body: order({ orderId: 'A 1001' }), fields: ['orderId'] },
  { kind: 'orderId a number', body: order({ orderId: 1001 }), fields: ['orderId'] },
  { kind: 'orderId longer than 64 characters', body: order({ orderId: 'A'.repeat(65) }), fields: ['orderId'] },
  { kind: 'customerId missing', body: without('customerId'), fields: ['customerId'] },
  { kind: 'currency not supported', body: order({ currency: 'XYZ' }), fields: ['currency'] },
  { kind: 'currency lower case', body: order({ currency: 'eur' }), fields: ['currency'] },
  { kind: 'items empty', body: order({ items: [] }), fields: ['items'] },
  { kind: 'items not a list', body: order({ items: 'SKU-0001' }), fields: ['items'] },
  {
    kind: 'more than 100 line items',
    body: order({ items: Array.from({ length: 101 }, () => item({})) }),
    fields: ['items'],
  },
  { kind: 'quantity zero', body: order({ items: [item({ quantity: 0 })] }), fields: ['items.0.quantity'] },
  { kind: 'quantity fractional', body: order({ items: [item({ quantity: 1.5 })] }), fields: ['items.0.quantity'] },
  {
    kind: 'quantity a string',
    body: order({ items: [item({}), item({ quantity: '2' })] }),
    fields: ['items.1.quantity'],
  },
  {
    kind: 'unit price negative',
    body: order({ items: [item({ unitPriceMinor: -1 })] }),
    fields: ['items.0.unitPriceMinor'],
  },
  {
    kind: 'unit price in major units',
    body: order({ items: [item({ unitPriceMinor: 19.99 })] }),
    fields: ['items.0.unitPriceMinor'],
  },
  { kind: 'unknown field on a line item', body: order({ items: [item({ colour: 'red' })] }), fields: ['items.0'] },
  { kind: 'shipping address missing', body: without('shippingAddress'), fields: ['shippingAddress'] },
  {
    kind: 'country not ISO alpha-2',
    body: order({ shippingAddress: address({ country: 'France' }) }),
    fields: ['shippingAddress.country'],
  },
  {
    kind: 'postal code too short',
    body: order({ shippingAddress: address({ postalCode: '1' }) }),
    fields: ['shippingAddress.postalCode'],
  },
  { kind: 'city blank', body: order({ shippingAddress: address({ city: '   ' }) }), fields: ['shippingAddress.city'] },
  { kind: 'payment reference too short', body: order({ paymentReference: 'x' }), fields: ['paymentReference'] },
  { kind: 'unknown top-level field', body: order({ coupon: 'FREE' }), fields: ['(body)'] },
  {
    kind: 'several fields wrong at once',
    body: order({ currency: 'XYZ', items: [item({ quantity: -1 })], paymentReference: 7 }),
    fields: ['currency', 'items.0.quantity', 'paymentReference'],
  },
  { kind: 'body a JSON array', body: [sampleOrder()], fields: ['(body)'] },
  { kind: 'body JSON null', body: 'null', raw: true, fields: ['(body)'] },
  { kind: 'body a JSON string', body: '"A1001"', raw: true, fields: ['(body)'] },
  {
    kind: 'body truncated JSON',
    body: '{"orderId": "A1001", "items": [',
    raw: true,
    fields: ['(body)'],
    error: 'MalformedJson',
  },
  { kind: 'body empty', body: '', raw: true, fields: ['(body)'], error: 'MalformedJson' },
];

describe('the API refuses bad requests before anything starts', () => {
  let api: RunningApi;
  let client: Client;
  let closeClient: () => Promise<void>;

  beforeAll(async () => {
    ({ client, close: closeClient } = await connectTestClient());
    api = await startApi({ orders: new OrderOpsClient(client), client });
  });
  afterAll(async () => {
    await api?.close();
    await closeClient?.();
  });

  it(`answers 400 naming the field for ${MALFORMED.length} kinds of malformed orders, and starts no workflow`, async () => {
    expect(MALFORMED.length).toBeGreaterThanOrEqual(20);
    for (const malformed of MALFORMED) {
      const answer = await send(
        'POST',
        `${api.url}/orders`,
        malformed.raw ? { raw: malformed.body as string, contentType: 'application/json' } : { json: malformed.body },
      );
      expect(answer.status, malformed.kind).toBe(400);
      expectDocumented(placeOrderEndpoint, answer);
      const body = answer.body as { error: string; problems: { field: string; message: string }[] };
      expect(body.error, malformed.kind).toBe(malformed.error ?? 'InvalidOrder');
      expect(
        body.problems.map((p) => p.field),
        malformed.kind,
      ).toEqual(expect.arrayContaining(malformed.fields));
      for (const problem of body.problems) expect(problem.message, malformed.kind).not.toBe('');
      expect((answer.body as { message?: string }).message, malformed.kind).toContain('nothing was started');
    }
    const usableIds = MALFORMED.map((m) => (m.body as { orderId?: unknown } | null)?.orderId).filter(
      (id): id is string => typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(id),
    );
    expect(usableIds.length).toBeGreaterThan(15);
    for (const orderId of usableIds) expect(await workflowExists(client, orderId), orderId).toBe(false);
  });

  it('answers 415 to a body that is not JSON', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const answer = await send('POST', `${api.url}/orders`, { raw: JSON.stringify(sampleOrder()), contentType });
      expect(answer.status, contentType).toBe(415);
      expect(answer.body).toMatchObject({
        error: 'UnsupportedMediaType',
        message: expect.stringContaining('application/json'),
      });
      expectDocumented(placeOrderEndpoint, answer);
    }
  });

  it('answers 413 to a body over the size limit, without reading it into an order', async () => {
    const huge = sampleOrder({
      shippingAddress: { ...sampleOrder().shippingAddress, line2: 'x'.repeat(BODY_LIMIT_BYTES) },
    });
    const answer = await send('POST', `${api.url}/orders`, { json: huge });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ error: 'PayloadTooLarge' });
    expectDocumented(placeOrderEndpoint, answer);
    expect(await workflowExists(client, huge.orderId)).toBe(false);
  });

  it('answers 404 for an unknown order, on GET and on cancel', async () => {
    const unknown = sampleOrder().orderId;
    const get = await send('GET', `${api.url}/orders/${unknown}`);
    expect(get.status).toBe(404);
    expect(get.body).toMatchObject({ error: 'OrderNotFound', message: expect.stringContaining(unknown) });
    expectDocumented(getOrderEndpoint, get);

    const cancel = await send('POST', `${api.url}/orders/${unknown}/cancel`, {
      json: { reason: 'customer changed their mind' },
    });
    expect(cancel.status).toBe(404);
    expectDocumented(cancelOrderEndpoint, cancel);
  });

  it('names the offending field of a bad order id in the path and of a cancel without a reason', async () => {
    const badId = await send('GET', `${api.url}/orders/${encodeURIComponent('no spaces allowed')}`);
    expect(badId.status).toBe(400);
    expect(badId.body).toMatchObject({ error: 'InvalidRequest', problems: [{ field: 'orderId' }] });

    // Longer than the router takes for a path parameter: refused before any route, still the error object.
    for (const id of ['A'.repeat(65), 'A'.repeat(101), 'A'.repeat(5_000)]) {
      const tooLong = await send('GET', `${api.url}/orders/${id}`);
      expect(tooLong.status, `${id.length} characters`).toBe(400);
      expectDocumented(getOrderEndpoint, tooLong);
      expect(tooLong.body).toMatchObject({ error: 'InvalidRequest' });
    }

    for (const body of [{}, { reason: '   ' }, { reason: 42 }, { reason: 'ok', force: true }]) {
      const answer = await send('POST', `${api.url}/orders/A1001/cancel`, { json: body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expectDocumented(cancelOrderEndpoint, answer);
      const fields = (answer.body as { problems: { field: string }[] }).problems.map((p) => p.field);
      expect(fields).toEqual([Object.keys(body).includes('force') ? '(body)' : 'reason']);
    }
  });

  it('answers unknown routes with a JSON 404', async () => {
    const answer = await send('GET', `${api.url}/nothing-here`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      error: 'NotFound',
      message: 'no route GET /nothing-here; the routes are described at /openapi.json',
      requestId: answer.headers['x-request-id'],
    });
  });
});
