import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlitePartnerStore } from '../../src/partner-data/store/sqlite-partner-store';
import { orderWorkflowId } from '../../src/contracts/workflow-names';
import { scheduledActivities } from '../support/history';
import { sampleOrder, startTestStack, type TestStack } from '../support/orderops-stack';
import { openStackStore, startSync } from '../partner-data/support/sync-fixtures';

describe('orders use the synced partner store', () => {
  let stack: TestStack;
  let store: SqlitePartnerStore;
  beforeAll(async () => {
    stack = await startTestStack();
    store = openStackStore(stack);
  });
  afterAll(async () => {
    store?.close();
    await stack?.stop();
  });

  it('before any sync, asks the partners and says why', async () => {
    const order = sampleOrder();
    await stack.orders.place(order);
    const result = await stack.orders.result(order.orderId);
    expect(result.status).toBe('COMPLETED');
    expect(result.candidatesFrom).toMatch(/^partners \(store empty/);
    const types = (await scheduledActivities(stack.client, orderWorkflowId(order.orderId))).map((a) => a.activityType);
    expect(types).toContain('listCarriers');
  });

  it('after a sync, picks its warehouse and carriers from the synced stock and rate cards, without listing carriers', async () => {
    const sync = await (await startSync(stack, `test-sync-${randomUUID().slice(0, 8)}`, {})).result();
    expect(sync.status).toBe('complete');

    const order = sampleOrder();
    await stack.orders.place(order);
    const result = await stack.orders.result(order.orderId);
    expect(result.status).toBe('COMPLETED');
    expect(result.candidatesFrom).toMatch(/^synced store/);

    const activities = await scheduledActivities(stack.client, orderWorkflowId(order.orderId));
    expect(activities.map((a) => a.activityType)).not.toContain('listCarriers');
    // The chosen warehouse holds every item in the synced stock.
    const plan = store.warehousesHolding(order.items.map(({ sku, quantity }) => ({ sku, quantity })));
    expect(plan.map((w) => w.warehouseId)).toContain(result.route!.warehouseId);
  });
});
