import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StockItem } from '../../src/partner-data/feeds/feed-items';
import { SCHEMA_VERSION, StoreSchemaError } from '../../src/partner-data/store/migrations';
import { describeUrl, PostgresPartnerStore } from '../../src/partner-data/store/postgres-partner-store';

const stock = (warehouseId: string, sku: string, quantity: number, region = 'EU-WEST'): StockItem => ({
  warehouseId,
  node: 7,
  region,
  sku,
  quantity,
});

/** The same behaviour as the SQLite store (test/partner-data/sqlite-partner-store.test.ts), on the cluster's PostgreSQL. */
describe('PostgresPartnerStore', () => {
  let admin: pg.Client;
  let database: string;
  let url: string;
  let store: PostgresPartnerStore;
  /** A whole stock pass in one page. */
  const writeStockPass = (generation: number, items: StockItem[]) =>
    store.writePage({ feed: 'stock', generation, cursor: '', nextCursor: null, items });
  const opened: PostgresPartnerStore[] = [];
  const open = async (): Promise<PostgresPartnerStore> => {
    const s = await PostgresPartnerStore.open(url);
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: process.env.ORDEROPS_TEST_CLUSTER_ADMIN_STORE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
  });
  beforeEach(async () => {
    database = `store_unit_${randomUUID().slice(0, 8)}`;
    await admin.query(`CREATE DATABASE ${database}`);
    url = (process.env.ORDEROPS_TEST_CLUSTER_STORE_URL as string).replace(/\/[^/]*$/, `/${database}`);
    store = await open();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('migrates once; a database from a newer OrderOps is refused; its location is shown without the password', async () => {
    expect(await store.rowCounts()).toEqual({ catalog: 0, stock: 0, rates: 0 });
    const again = await open();
    expect(await again.rowCounts()).toEqual({ catalog: 0, stock: 0, rates: 0 });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      expect((await db.query('SELECT MAX(version) AS v FROM store_schema')).rows[0]).toEqual({ v: SCHEMA_VERSION });
      await db.query("INSERT INTO store_schema (version, description) VALUES ($1, 'from the future')", [
        SCHEMA_VERSION + 1,
      ]);
    } finally {
      await db.end();
    }
    await expect(PostgresPartnerStore.open(url)).rejects.toThrow(StoreSchemaError);
    expect(describeUrl(url)).toBe(`127.0.0.1:${new URL(url).port}/${database}`);
    expect(store.location).not.toContain(new URL(url).password);
  });

  it('counts added, updated and unchanged rows; the same page twice writes nothing and answers as the first time', async () => {
    const first = await store.writePage({
      feed: 'stock',
      generation: 1,
      cursor: '',
      nextCursor: 'c2',
      items: [stock('wh-01', 'SKU-1', 5), stock('wh-02', 'SKU-1', 9)],
    });
    expect(first).toEqual({ items: 2, added: 2, updated: 0, unchanged: 0, nextCursor: 'c2', replayed: false });
    const again = await store.writePage({
      feed: 'stock',
      generation: 1,
      cursor: '',
      nextCursor: 'c2',
      items: [stock('wh-01', 'SKU-1', 1)],
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(await store.writtenPage('stock', 1, '')).toEqual({ ...first, replayed: true });
    expect((await store.warehousesHolding([{ sku: 'SKU-1', quantity: 5 }])).map((w) => w.warehouseId)).toEqual([
      'wh-01',
      'wh-02',
    ]);

    const next = await store.writePage({
      feed: 'stock',
      generation: 2,
      cursor: '',
      nextCursor: null,
      items: [stock('wh-01', 'SKU-1', 5), stock('wh-02', 'SKU-1', 3)],
    });
    expect(next).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
  });

  it('the same page written at once by two workers (two connection pools) is written once', async () => {
    const other = await open();
    const page = {
      feed: 'stock' as const,
      generation: 7,
      cursor: 'c1',
      nextCursor: 'c2',
      items: Array.from({ length: 200 }, (_, i) => stock(`wh-${i % 10}`, `SKU-${i}`, i)),
    };
    const outcomes = await Promise.all([
      store.writePage(page),
      other.writePage(page),
      store.writePage(page),
      other.writePage(page),
    ]);
    expect(outcomes.filter((o) => !o.replayed)).toHaveLength(1);
    for (const outcome of outcomes) expect(outcome).toMatchObject({ items: 200, added: 200, updated: 0, unchanged: 0 });
    expect((await store.rowCounts()).stock).toBe(200);
  });

  it('a complete pass removes the rows it did not see, once, and records when it completed', async () => {
    await writeStockPass(1, [stock('wh-01', 'SKU-1', 5), stock('wh-01', 'SKU-2', 5)]);
    expect((await store.completePass('stock', 1)).removed).toBe(0);
    await writeStockPass(2, [stock('wh-01', 'SKU-1', 5)]);
    const pass = await store.completePass('stock', 2);
    expect(pass.removed).toBe(1);
    expect(await store.completePass('stock', 2)).toEqual(pass);
    expect(await store.syncState('stock')).toEqual({
      feed: 'stock',
      lastCompleteAt: pass.completedAt,
      lastGeneration: 2,
      rows: 1,
    });
    // An older pass finishing late neither sweeps nor moves the completion time back.
    expect(await store.completePass('stock', 1)).toEqual({ removed: 0, completedAt: pass.completedAt });
  });

  it('keeps generations that are millisecond timestamps (bigint), as the sync uses', async () => {
    const generation = Date.now();
    await writeStockPass(generation, [stock('wh-01', 'SKU-1', 5)]);
    await store.completePass('stock', generation);
    expect((await store.syncState('stock')).lastGeneration).toBe(generation);
  });

  it('an older pass writing late does not hide rows from a newer pass', async () => {
    await writeStockPass(2, [stock('wh-01', 'SKU-1', 5)]);
    await writeStockPass(1, [stock('wh-01', 'SKU-1', 4)]);
    expect((await store.completePass('stock', 2)).removed).toBe(0);
    expect((await store.rowCounts()).stock).toBe(1);
  });

  it('finds warehouses holding every line, adding up lines of the same sku', async () => {
    await writeStockPass(1, [
      stock('wh-01', 'SKU-1', 5),
      stock('wh-01', 'SKU-2', 1),
      stock('wh-02', 'SKU-1', 10),
      stock('wh-02', 'SKU-2', 10),
      stock('wh-03', 'SKU-2', 10),
    ]);
    const holding = async (lines: { sku: string; quantity: number }[]) =>
      (await store.warehousesHolding(lines)).map((w) => w.warehouseId);
    expect(
      await holding([
        { sku: 'SKU-1', quantity: 2 },
        { sku: 'SKU-2', quantity: 1 },
      ]),
    ).toEqual(['wh-01', 'wh-02']);
    expect(
      await holding([
        { sku: 'SKU-1', quantity: 3 },
        { sku: 'SKU-1', quantity: 3 },
      ]),
    ).toEqual(['wh-02']);
    expect(await holding([{ sku: 'SKU-9', quantity: 1 }])).toEqual([]);
    expect(await store.warehousesHolding([{ sku: 'SKU-1', quantity: 1 }])).toContainEqual({
      warehouseId: 'wh-01',
      node: 7,
      region: 'EU-WEST',
    });
  });

  it('lists rate cards for a region, cheapest first', async () => {
    const rate = (carrierId: string, region: string, basePriceMinor: number) => ({
      carrierId,
      region,
      basePriceMinor,
      perKgMinor: 10,
      currency: 'EUR',
      etaHours: 24,
      hubNode: 3,
    });
    await store.writePage({
      feed: 'rates',
      generation: 1,
      cursor: '',
      nextCursor: null,
      items: [rate('c-1', 'UK', 900), rate('c-2', 'UK', 500), rate('c-1', 'EU-WEST', 100)],
    });
    expect((await store.rateCardsFor('UK')).map((r) => r.carrierId)).toEqual(['c-2', 'c-1']);
    expect((await store.rateCardsFor('UK'))[0]).toEqual({
      carrierId: 'c-2',
      region: 'UK',
      basePriceMinor: 500,
      perKgMinor: 10,
      currency: 'EUR',
      etaHours: 24,
      hubNode: 3,
    });
  });
});
