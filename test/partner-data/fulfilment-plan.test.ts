import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFulfilmentActivities } from '../../src/activities/fulfilment-activities';
import { SqlitePartnerStore } from '../../src/partner-data/store/sqlite-partner-store';
import { formatSpan } from '../../src/partner-data/planning/fulfilment-plan';
import { regionDistance, shippingRegionOf } from '../../src/partner-data/feeds/shipping-regions';

const HOUR = 60 * 60_000;
const request = {
  orderId: 'A1',
  items: [{ sku: 'SKU-1', quantity: 2 }],
  destination: { country: 'FR', postalCode: '69002' },
};

describe('planFulfilment', () => {
  let dir: string;
  let store: SqlitePartnerStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-plan-'));
    store = SqlitePartnerStore.open(path.join(dir, 'store.sqlite'));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function syncStockAndRates(): void {
    const stock = (warehouseId: string, region: string, quantity: number) => ({
      warehouseId,
      node: Number(warehouseId.slice(3)),
      region,
      sku: 'SKU-1',
      quantity,
    });
    store.writePage({
      feed: 'stock',
      generation: 1,
      cursor: '',
      nextCursor: null,
      items: [
        stock('wh-01', 'US-EAST', 9),
        stock('wh-02', 'EU-CENTRAL', 9),
        stock('wh-03', 'EU-WEST', 9),
        stock('wh-04', 'EU-WEST', 1),
      ],
    });
    store.completePass('stock', 1);
    const rate = (carrierId: string, basePriceMinor: number) => ({
      carrierId,
      region: 'EU-WEST',
      basePriceMinor,
      perKgMinor: 10,
      currency: 'EUR',
      etaHours: 24,
      hubNode: 1,
    });
    store.writePage({
      feed: 'rates',
      generation: 1,
      cursor: '',
      nextCursor: null,
      items: [rate('carrier-02', 700), rate('carrier-01', 400)],
    });
    store.completePass('rates', 1);
  }

  it('with an empty store, says to ask the partners and why', async () => {
    const plan = await createFulfilmentActivities({ store, maxAgeMs: HOUR }).planFulfilment(request);
    expect(plan).toEqual({ source: 'partners', reason: 'store empty: no complete stock or rates sync yet' });
  });

  it('picks the warehouses holding the items, the destination region first, and carriers with a rate card there', async () => {
    syncStockAndRates();
    const plan = await createFulfilmentActivities({ store, maxAgeMs: HOUR }).planFulfilment(request);
    expect(plan).toMatchObject({
      source: 'store',
      warehouses: [
        { warehouseId: 'wh-03', node: 3 },
        { warehouseId: 'wh-02', node: 2 },
        { warehouseId: 'wh-01', node: 1 },
      ],
      carrierIds: ['carrier-01', 'carrier-02'],
    });
  });

  it('past the freshness bound, says the store is stale, how stale, and the bound', async () => {
    syncStockAndRates();
    const twoHoursLater = () => Date.now() + 2 * HOUR;
    const plan = await createFulfilmentActivities({ store, maxAgeMs: 30 * 60_000, now: twoHoursLater }).planFulfilment(
      request,
    );
    expect(plan).toEqual({
      source: 'partners',
      reason: expect.stringMatching(/^store stale: last (stock|rates) sync 2h ago \(bound 30 min\)$/) as unknown,
    });
  });

  it('when no synced warehouse holds every item, or no carrier serves the region, asks the partners', async () => {
    syncStockAndRates();
    const activities = createFulfilmentActivities({ store, maxAgeMs: HOUR });
    expect(await activities.planFulfilment({ ...request, items: [{ sku: 'SKU-1', quantity: 9999 }] })).toMatchObject({
      source: 'partners',
      reason: /no synced warehouse/,
    });
    expect(
      await activities.planFulfilment({ ...request, destination: { country: 'JP', postalCode: '100' } }),
    ).toMatchObject({ source: 'partners', reason: /region INTL/ });
  });
});

describe('shipping regions', () => {
  it('maps countries and US postal codes to regions, and ranks nearness', () => {
    expect(shippingRegionOf({ country: 'fr', postalCode: '75001' })).toBe('EU-WEST');
    expect(shippingRegionOf({ country: 'US', postalCode: '94105' })).toBe('US-WEST');
    expect(shippingRegionOf({ country: 'US', postalCode: '10001' })).toBe('US-EAST');
    expect(shippingRegionOf({ country: 'GB', postalCode: 'SW1A 1AA' })).toBe('UK');
    expect(shippingRegionOf({ country: 'BR', postalCode: '01000' })).toBe('INTL');
    expect([
      regionDistance('EU-WEST', 'EU-WEST'),
      regionDistance('EU-WEST', 'EU-SOUTH'),
      regionDistance('EU-WEST', 'UK'),
    ]).toEqual([0, 1, 2]);
  });

  it('says ages the way an operator would', () => {
    expect([formatSpan(45_000), formatSpan(30 * 60_000), formatSpan(2 * HOUR)]).toEqual(['45 s', '30 min', '2h']);
  });
});
