import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, StoreSchemaError } from '../../src/partner-data/store/migrations';
import { SqlitePartnerStore } from '../../src/partner-data/store/sqlite-partner-store';
import type { StockItem } from '../../src/partner-data/feeds/feed-items';

const stock = (warehouseId: string, sku: string, quantity: number, region = 'EU-WEST'): StockItem => ({
  warehouseId,
  node: 7,
  region,
  sku,
  quantity,
});

describe('SqlitePartnerStore', () => {
  let dir: string;
  let file: string;
  let store: SqlitePartnerStore;
  /** A whole stock pass in one page. */
  const writeStockPass = (generation: number, items: StockItem[]) =>
    store.writePage({ feed: 'stock', generation, cursor: '', nextCursor: null, items });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-store-'));
    file = path.join(dir, 'nested', 'partner-store.sqlite');
    store = SqlitePartnerStore.open(file);
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the folder and the schema, in WAL mode with synchronous=NORMAL and a busy timeout', () => {
    store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    store = SqlitePartnerStore.open(file);
    expect(store.rowCounts()).toEqual({ catalog: 0, stock: 0, rates: 0 });
  });

  it('reopening an up-to-date file changes nothing; a file from a newer OrderOps is refused', () => {
    writeStockPass(1, [stock('wh-01', 'SKU-1', 5)]);
    store.close();
    store = SqlitePartnerStore.open(file);
    expect(store.rowCounts().stock).toBe(1);
    store.close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SqlitePartnerStore.open(file)).toThrow(StoreSchemaError);
    store = SqlitePartnerStore.open(path.join(dir, 'other.sqlite'));
  });

  it('counts added, updated and unchanged rows; the same page twice writes nothing and answers as the first time', () => {
    const first = store.writePage({
      feed: 'stock',
      generation: 1,
      cursor: '',
      nextCursor: 'c2',
      items: [stock('wh-01', 'SKU-1', 5), stock('wh-02', 'SKU-1', 9)],
    });
    expect(first).toEqual({ items: 2, added: 2, updated: 0, unchanged: 0, nextCursor: 'c2', replayed: false });
    const again = store.writePage({
      feed: 'stock',
      generation: 1,
      cursor: '',
      nextCursor: 'c2',
      items: [stock('wh-01', 'SKU-1', 1)],
    });
    expect(again).toEqual({ ...first, replayed: true });
    expect(store.warehousesHolding([{ sku: 'SKU-1', quantity: 5 }]).map((w) => w.warehouseId)).toEqual([
      'wh-01',
      'wh-02',
    ]);

    const next = store.writePage({
      feed: 'stock',
      generation: 2,
      cursor: '',
      nextCursor: null,
      items: [stock('wh-01', 'SKU-1', 5), stock('wh-02', 'SKU-1', 3)],
    });
    expect(next).toMatchObject({ added: 0, updated: 1, unchanged: 1 });
  });

  it('a complete pass removes the rows it did not see, once, and records when it completed', () => {
    writeStockPass(1, [stock('wh-01', 'SKU-1', 5), stock('wh-01', 'SKU-2', 5)]);
    expect(store.completePass('stock', 1).removed).toBe(0);
    writeStockPass(2, [stock('wh-01', 'SKU-1', 5)]);
    const pass = store.completePass('stock', 2);
    expect(pass.removed).toBe(1);
    expect(store.completePass('stock', 2)).toEqual(pass);
    expect(store.syncState('stock')).toEqual({
      feed: 'stock',
      lastCompleteAt: pass.completedAt,
      lastGeneration: 2,
      rows: 1,
    });
    // An older pass finishing late neither sweeps nor moves the completion time back.
    expect(store.completePass('stock', 1)).toEqual({ removed: 0, completedAt: pass.completedAt });
  });

  it('an older pass writing late does not hide rows from a newer pass', () => {
    writeStockPass(2, [stock('wh-01', 'SKU-1', 5)]);
    writeStockPass(1, [stock('wh-01', 'SKU-1', 4)]);
    expect(store.completePass('stock', 2).removed).toBe(0);
    expect(store.rowCounts().stock).toBe(1);
  });

  it('finds warehouses holding every line, adding up lines of the same sku', () => {
    writeStockPass(1, [
      stock('wh-01', 'SKU-1', 5),
      stock('wh-01', 'SKU-2', 1),
      stock('wh-02', 'SKU-1', 10),
      stock('wh-02', 'SKU-2', 10),
      stock('wh-03', 'SKU-2', 10),
    ]);
    expect(
      store
        .warehousesHolding([
          { sku: 'SKU-1', quantity: 2 },
          { sku: 'SKU-2', quantity: 1 },
        ])
        .map((w) => w.warehouseId),
    ).toEqual(['wh-01', 'wh-02']);
    expect(
      store
        .warehousesHolding([
          { sku: 'SKU-1', quantity: 3 },
          { sku: 'SKU-1', quantity: 3 },
        ])
        .map((w) => w.warehouseId),
    ).toEqual(['wh-02']);
    expect(store.warehousesHolding([{ sku: 'SKU-9', quantity: 1 }])).toEqual([]);
  });

  it('lists rate cards for a region, cheapest first', () => {
    const rate = (carrierId: string, region: string, basePriceMinor: number) => ({
      carrierId,
      region,
      basePriceMinor,
      perKgMinor: 10,
      currency: 'EUR',
      etaHours: 24,
      hubNode: 3,
    });
    store.writePage({
      feed: 'rates',
      generation: 1,
      cursor: '',
      nextCursor: null,
      items: [rate('c-1', 'UK', 900), rate('c-2', 'UK', 500), rate('c-1', 'EU-WEST', 100)],
    });
    expect(store.rateCardsFor('UK').map((r) => r.carrierId)).toEqual(['c-2', 'c-1']);
  });
});
