import type { Database } from 'better-sqlite3';

/**
 * The store's schema, as an append-only list: the file's `user_version` says how many have been
 * applied, and opening a file applies the rest, each in its own transaction. Never edit a
 * migration that has shipped; add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'partner feeds, sync state and the page log',
    sql: `
      CREATE TABLE catalog_items (
        sku TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        weight_grams INTEGER NOT NULL,
        price_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        sync_generation INTEGER NOT NULL
      );
      CREATE TABLE warehouse_stock (
        warehouse_id TEXT NOT NULL,
        sku TEXT NOT NULL,
        node INTEGER NOT NULL,
        region TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        sync_generation INTEGER NOT NULL,
        PRIMARY KEY (warehouse_id, sku)
      );
      CREATE INDEX warehouse_stock_by_sku ON warehouse_stock (sku, quantity);
      CREATE TABLE carrier_rates (
        carrier_id TEXT NOT NULL,
        region TEXT NOT NULL,
        base_price_minor INTEGER NOT NULL,
        per_kg_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        eta_hours INTEGER NOT NULL,
        hub_node INTEGER NOT NULL,
        sync_generation INTEGER NOT NULL,
        PRIMARY KEY (carrier_id, region)
      );
      CREATE INDEX carrier_rates_by_region ON carrier_rates (region);
      CREATE TABLE sync_state (
        feed TEXT PRIMARY KEY,
        last_complete_at TEXT NOT NULL,
        last_generation INTEGER NOT NULL,
        last_removed INTEGER NOT NULL
      );
      CREATE TABLE sync_page_log (
        feed TEXT NOT NULL,
        generation INTEGER NOT NULL,
        cursor TEXT NOT NULL,
        next_cursor TEXT,
        items INTEGER NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        PRIMARY KEY (feed, generation, cursor)
      );
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class StoreSchemaError extends Error {
  override name = 'StoreSchemaError';
}

/** Brings the file up to SCHEMA_VERSION; refuses a file written by a newer OrderOps. */
export function migrate(db: Database, file: string): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  if (from > SCHEMA_VERSION) {
    throw new StoreSchemaError(
      `${file} has schema version ${from}, newer than this OrderOps knows (${SCHEMA_VERSION}); refusing to use it`,
    );
  }
  for (const migration of MIGRATIONS.filter((m) => m.version > from)) {
    // IMMEDIATE takes the write lock first, so two processes opening a new file at once do not
    // both run a migration: the second waits, sees the new version, and skips it.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: SCHEMA_VERSION };
}
