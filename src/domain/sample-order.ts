import { randomUUID } from 'node:crypto';

/**
 * A valid order with a fresh id (order ids are single-use, as in production), for tests, history
 * capture and benchmarks. `examples/order.json` is the same order with a fixed id.
 */
export function sampleOrder(overrides: Record<string, unknown> = {}, idPrefix = 'T') {
  return {
    orderId: `${idPrefix}-${randomUUID().slice(0, 12)}`,
    customerId: 'cust-42',
    currency: 'EUR',
    items: [
      { sku: 'SKU-0001', quantity: 2, unitPriceMinor: 1999, weightGrams: 800 },
      { sku: 'SKU-0002', quantity: 1, unitPriceMinor: 4999 },
    ],
    shippingAddress: {
      name: 'Ada Lovelace',
      line1: '12 Rue de la République',
      city: 'Lyon',
      postalCode: '69002',
      country: 'FR',
    },
    paymentReference: 'tok_visa_4242',
    ...overrides,
  };
}
