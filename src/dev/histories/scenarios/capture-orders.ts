import { sampleOrder } from '../../../domain/sample-order';
import type { LocalSystem } from '../../local-system/local-system';
import { orderWorkflowId } from '../../../contracts/workflow-names';
import type { RecordedRun } from './scenario';

/** A valid order with a fresh id that says which scenario placed it. */
export function captureOrder(scenario: string, overrides: Record<string, unknown> = {}) {
  return sampleOrder(overrides, `H-${scenario}`);
}

/** Places the order and waits until it has finished, however it finished. */
export async function placeAndFinish(stack: LocalSystem, order: { orderId: string }): Promise<RecordedRun> {
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
