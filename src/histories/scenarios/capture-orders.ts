import { randomUUID } from 'node:crypto';
import type { CaptureStack } from '../capture-stack';
import { orderWorkflowId } from '../../shared/workflow-names';
import type { RecordedRun } from './scenario';

/** A valid order with a fresh id that says which scenario placed it (order ids are single-use). */
export function captureOrder(scenario: string, overrides: Record<string, unknown> = {}) {
  return {
    orderId: `H-${scenario}-${randomUUID().slice(0, 8)}`,
    customerId: 'cust-42',
    currency: 'EUR',
    items: [
      { sku: 'SKU-0001', quantity: 2, unitPriceMinor: 1999, weightGrams: 800 },
      { sku: 'SKU-0002', quantity: 1, unitPriceMinor: 4999 },
    ],
    shippingAddress: { name: 'Ada Lovelace', line1: '12 Rue de la République', city: 'Lyon', postalCode: '69002', country: 'FR' },
    paymentReference: 'tok_visa_4242',
    ...overrides,
  };
}

/** Places the order and waits until it has finished, however it finished. */
export async function placeAndFinish(stack: CaptureStack, order: { orderId: string }): Promise<RecordedRun> {
  const placed = await stack.orders.place(order);
  await stack.orders.result(order.orderId).catch(() => undefined);
  return { workflowId: orderWorkflowId(order.orderId), runId: placed.runId };
}

/** Polls until `ready` says yes, or gives up after `timeoutMs` naming what it waited for. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
