import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFulfilmentActivities } from '../../src/activities/fulfilment-activities';
import type { SqlitePartnerStore } from '../../src/partner-data/store/sqlite-partner-store';
import { regionDistance, shippingRegionOf } from '../../src/partner-data/feeds/shipping-regions';
import { syncProgressQuery } from '../../src/contracts/partner-sync-workflow';
import { eventually } from '../support/eventually';
import { scheduledActivities } from '../support/history';
import { startTestStack, type TestStack } from '../support/orderops-stack';
import { feedItems, feedSummary, feedTotals, openStackStore, runsOf, startSync } from './support/sync-fixtures';

describe('partnerSync against the partner simulator', () => {
  let stack: TestStack;
  let store: SqlitePartnerStore;
  const syncId = () => `test-sync-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    stack = await startTestStack();
    store = openStackStore(stack);
  });
  afterEach(async () => {
    await stack.partners.clearFaults();
  });
  afterAll(async () => {
    store?.close();
    await stack?.stop();
  });

  it('a stock page that fails twice and then succeeds is written once; the history shows the retries', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'feeds.stock', failFirst: 2, errorStatus: 503 }] });
    const workflowId = syncId();
    const result = await (await startSync(stack, workflowId, { feeds: ['stock'], pageSize: 250 })).result();

    const total = (await feedItems(stack.simulator.url, 'stock')).length;
    const stock = feedSummary(result, 'stock');
    expect(result.status).toBe('complete');
    expect(stock).toMatchObject({ status: 'complete', items: total, pages: Math.ceil(total / 250) });
    expect(stock.added + stock.updated + stock.unchanged).toBe(total);
    expect(store.rowCounts().stock).toBe(total);

    const firstPage = (await scheduledActivities(stack.client, workflowId)).find(
      (a) => a.activityType === 'syncFeedPage',
    );
    expect(firstPage).toMatchObject({ attempt: 3, outcome: 'completed' });
    expect(firstPage?.lastFailure).toContain('503');
    expect(firstPage?.heartbeatMs).toBe(10_000);
  });

  it('a feed with more pages than the continue-as-new threshold completes across runs, counting once', async () => {
    const workflowId = syncId();
    const handle = await startSync(stack, workflowId, { feeds: ['stock', 'rates'], pageSize: 100, pagesPerRun: 4 });
    const progress = await eventually('the sync to report progress', async () => {
      const answer = await handle.query(syncProgressQuery).catch(() => undefined);
      return answer && answer.feeds.some((f) => f.pages > 0) ? answer : undefined;
    });
    expect(progress.feeds.map((f) => f.feed)).toEqual(['stock', 'rates']);

    const result = await handle.result();
    const totals = await feedTotals(stack.simulator.url);
    const pagesNeeded = Math.ceil(totals.stock / 100) + Math.ceil(totals.rates / 100);
    expect(result.runs).toBe(Math.ceil(pagesNeeded / 4));
    expect(result.runs).toBeGreaterThan(1);
    // Visibility lags a little behind the runs themselves.
    const runs = await eventually('every run of the chain to be listed', async () => {
      const listed = await runsOf(stack.client, workflowId);
      return listed.length === result.runs ? listed : undefined;
    });
    expect(runs.filter((r) => r.status === 'CONTINUED_AS_NEW')).toHaveLength(result.runs - 1);
    expect(feedSummary(result, 'stock')).toMatchObject({
      status: 'complete',
      items: totals.stock,
      pages: Math.ceil(totals.stock / 100),
    });
    expect(feedSummary(result, 'rates')).toMatchObject({ status: 'complete', items: totals.rates });
    expect(store.rowCounts()).toMatchObject({ stock: totals.stock, rates: totals.rates });
  });

  it('a feed that stays down fails only its own part, with a reason; the others complete', async () => {
    await stack.partners.setFaults({ rules: [{ target: 'feeds.rates', errorStatus: 503 }] });
    const result = await (await startSync(stack, syncId())).result();

    expect(result.status).toBe('partial');
    expect(result.failedFeeds).toEqual(['rates']);
    const rates = feedSummary(result, 'rates');
    expect(rates.status).toBe('failed');
    expect(rates.reason).toMatch(/page 1: gave up after 5 attempts: PartnerUnavailable: feeds rates answered HTTP 503/);
    await stack.partners.clearFaults();
    const totals = await feedTotals(stack.simulator.url);
    expect(feedSummary(result, 'catalog')).toMatchObject({ status: 'complete', items: totals.catalog });
    expect(feedSummary(result, 'stock')).toMatchObject({ status: 'complete', items: totals.stock });
  });

  it('a second full pass finds everything unchanged and removes nothing', async () => {
    await (await startSync(stack, syncId())).result();
    const result = await (await startSync(stack, syncId())).result();
    const totals = await feedTotals(stack.simulator.url);
    for (const summary of result.feeds) {
      expect(summary).toMatchObject({
        status: 'complete',
        items: totals[summary.feed],
        unchanged: totals[summary.feed],
        added: 0,
        updated: 0,
        removed: 0,
      });
    }
    expect(store.rowCounts()).toEqual(totals);
  });

  it('after a sync, planFulfilment picks warehouses that hold every item in the synced stock, nearest region first', async () => {
    await (await startSync(stack, syncId())).result();
    const plan = createFulfilmentActivities({ store, maxAgeMs: 60 * 60_000 });
    const items = [
      { sku: 'SKU-0001', quantity: 2 },
      { sku: 'SKU-0002', quantity: 1 },
    ];
    const destination = { country: 'FR', postalCode: '69002' };
    const answer = await plan.planFulfilment({ orderId: 'T-plan', items, destination });
    if (answer.source !== 'store') throw new Error(`expected a plan from the store, got: ${answer.reason}`);

    const stock = (await feedItems(stack.simulator.url, 'stock')) as {
      warehouseId: string;
      sku: string;
      quantity: number;
      region: string;
    }[];
    const holders = (sku: string, quantity: number) =>
      new Set(stock.filter((s) => s.sku === sku && s.quantity >= quantity).map((s) => s.warehouseId));
    const expected = [...holders('SKU-0001', 2)].filter((id) => holders('SKU-0002', 1).has(id));
    expect(answer.warehouses.map((w) => w.warehouseId).sort()).toEqual(expected.sort());
    const regionOf = new Map(stock.map((s) => [s.warehouseId, s.region]));
    const distances = answer.warehouses.map((w) =>
      regionDistance(shippingRegionOf(destination), regionOf.get(w.warehouseId) as string),
    );
    expect(distances).toEqual([...distances].sort());
    expect(answer.carrierIds.length).toBe(stack.simulator.info.carriers.length);
    expect(answer.ageSeconds).toBeLessThan(60);
  });
});
