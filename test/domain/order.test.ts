import { describe, expect, it } from 'vitest';
import { orderTotalMinor, formatMoney } from '../../src/domain/money';
import { validateOrder } from '../../src/domain/order';
import example from '../../examples/order.json';

const valid = () =>
  structuredClone(example) as Record<string, unknown> & {
    items: Record<string, unknown>[];
    shippingAddress: Record<string, unknown>;
  };

describe('order validation', () => {
  it('accepts the README example', () => {
    expect(validateOrder(example)).toMatchObject({ ok: true });
  });

  const cases: [string, (o: ReturnType<typeof valid>) => unknown, string][] = [
    ['not an object', () => 'an order', '(body)'],
    ['null', () => null, '(body)'],
    ['missing orderId', (o) => ({ ...o, orderId: undefined }), 'orderId'],
    ['orderId with a slash', (o) => ({ ...o, orderId: 'a/b' }), 'orderId'],
    ['missing customerId', (o) => ({ ...o, customerId: undefined }), 'customerId'],
    ['unknown currency', (o) => ({ ...o, currency: 'XYZ' }), 'currency'],
    ['no items', (o) => ({ ...o, items: [] }), 'items'],
    ['items not a list', (o) => ({ ...o, items: 'many' }), 'items'],
    ['negative quantity', (o) => ({ ...o, items: [{ ...o.items[0], quantity: -2 }] }), 'items.0.quantity'],
    ['fractional quantity', (o) => ({ ...o, items: [{ ...o.items[0], quantity: 1.5 }] }), 'items.0.quantity'],
    ['quantity as text', (o) => ({ ...o, items: [{ ...o.items[0], quantity: '2' }] }), 'items.0.quantity'],
    ['negative price', (o) => ({ ...o, items: [{ ...o.items[0], unitPriceMinor: -1 }] }), 'items.0.unitPriceMinor'],
    ['missing sku', (o) => ({ ...o, items: [{ quantity: 1, unitPriceMinor: 1 }] }), 'items.0.sku'],
    ['missing address', (o) => ({ ...o, shippingAddress: undefined }), 'shippingAddress'],
    [
      'bad country',
      (o) => ({ ...o, shippingAddress: { ...o.shippingAddress, country: 'France' } }),
      'shippingAddress.country',
    ],
    ['empty city', (o) => ({ ...o, shippingAddress: { ...o.shippingAddress, city: ' ' } }), 'shippingAddress.city'],
    ['missing payment reference', (o) => ({ ...o, paymentReference: undefined }), 'paymentReference'],
    ['unknown field', (o) => ({ ...o, coupon: 'FREE' }), '(body)'],
  ];

  it.each(cases)('refuses %s, naming the field', (_name, mutate, field) => {
    const result = validateOrder(mutate(valid()));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toContain(field);
    for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(5);
  });

  it('lists every offending field at once', () => {
    const result = validateOrder({ ...valid(), currency: 'XYZ', customerId: '' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field).sort()).toEqual(['currency', 'customerId']);
  });
});

describe('money', () => {
  it('totals in integer minor units', () => {
    expect(orderTotalMinor(example)).toBe(2 * 1999 + 4999);
    expect(formatMoney(8997, 'EUR')).toBe('89.97 EUR');
    expect(formatMoney(5, 'USD')).toBe('0.05 USD');
  });
});
