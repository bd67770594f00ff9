import type { FeedItems } from '../feeds/feed-items';
import type { FeedName } from '../feeds/feed-names';

export type Row = Record<string, string | number>;

/**
 * Where each feed lands: its table, the columns that identify a row, the columns that hold its
 * data, and how an item becomes a row. The SQL is built from these constants only.
 */
export interface FeedTable<F extends FeedName = FeedName> {
  table: string;
  keyColumns: readonly string[];
  valueColumns: readonly string[];
  toRow(item: FeedItems[F]): Row;
}

export const FEED_TABLES: { [F in FeedName]: FeedTable<F> } = {
  catalog: {
    table: 'catalog_items',
    keyColumns: ['sku'],
    valueColumns: ['name', 'weight_grams', 'price_minor', 'currency'],
    toRow: (item) => ({
      sku: item.sku,
      name: item.name,
      weight_grams: item.weightGrams,
      price_minor: item.priceMinor,
      currency: item.currency,
    }),
  },
  stock: {
    table: 'warehouse_stock',
    keyColumns: ['warehouse_id', 'sku'],
    valueColumns: ['node', 'region', 'quantity'],
    toRow: (item) => ({
      warehouse_id: item.warehouseId,
      sku: item.sku,
      node: item.node,
      region: item.region,
      quantity: item.quantity,
    }),
  },
  rates: {
    table: 'carrier_rates',
    keyColumns: ['carrier_id', 'region'],
    valueColumns: ['base_price_minor', 'per_kg_minor', 'currency', 'eta_hours', 'hub_node'],
    toRow: (item) => ({
      carrier_id: item.carrierId,
      region: item.region,
      base_price_minor: item.basePriceMinor,
      per_kg_minor: item.perKgMinor,
      currency: item.currency,
      eta_hours: item.etaHours,
      hub_node: item.hubNode,
    }),
  },
};
