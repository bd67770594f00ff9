import type { Database } from 'better-sqlite3';

export type SqlDialect = 'sqlite' | 'postgres';

/**
 * The store's schema, one append-only list for both engines (SQLite's `user_version`, PostgreSQL's
 * `store_schema` table say how many have been applied; opening a store applies the rest). Each
 * migration is written once; the dialect picks the few words that differ. Never edit a migration
 * that has shipped; add the next one.
 */
export interface Migration {
  version: number;
  description: string;
  sql: (dialect: SqlDialect) => string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'partner feeds, sync state and the page log',
    sql: (dialect) => {
      // Generations are millisecond timestamps: SQLite's INTEGER is 64-bit, PostgreSQL's is not.
      const generation = dialect === 'postgres' ? 'BIGINT' : 'INTEGER';
      return `
      CREATE TABLE catalog_items (
        sku TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        weight_grams INTEGER NOT NULL,
        price_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        sync_generation ${generation} NOT NULL
      );
      CREATE TABLE warehouse_stock (
        warehouse_id TEXT NOT NULL,
        sku TEXT NOT NULL,
        node INTEGER NOT NULL,
        region TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        sync_generation ${generation} NOT NULL,
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
        sync_generation ${generation} NOT NULL,
        PRIMARY KEY (carrier_id, region)
      );
      CREATE INDEX carrier_rates_by_region ON carrier_rates (region);
      CREATE TABLE sync_state (
        feed TEXT PRIMARY KEY,
        last_complete_at TEXT NOT NULL,
        last_generation ${generation} NOT NULL,
        last_removed INTEGER NOT NULL
      );
      CREATE TABLE sync_page_log (
        feed TEXT NOT NULL,
        generation ${generation} NOT NULL,
        cursor TEXT NOT NULL,
        next_cursor TEXT,
        items INTEGER NOT NULL,
        added INTEGER NOT NULL,
        updated INTEGER NOT NULL,
        unchanged INTEGER NOT NULL,
        PRIMARY KEY (feed, generation, cursor)
      );
    `;
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export class StoreSchemaError extends Error {
  override name = 'StoreSchemaError';
}

/** The migrations a store at schema version `from` still needs; refuses a store written by a newer OrderOps. */
export function pendingMigrations(from: number, location: string): Migration[] {
  if (from > SCHEMA_VERSION) {
    throw new StoreSchemaError(
      `${location} has schema version ${from}, newer than this OrderOps knows (${SCHEMA_VERSION}); refusing to use it`,
    );
  }
  return MIGRATIONS.filter((m) => m.version > from);
}

/** Brings the SQLite file up to SCHEMA_VERSION. */
export function migrate(db: Database, file: string): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  for (const migration of pendingMigrations(from, file)) {
    // IMMEDIATE takes the write lock first, so two processes opening a new file at once do not
    // both run a migration: the second waits, sees the new version, and skips it.
    db.transaction(() => {
      if ((db.pragma('user_version', { simple: true }) as number) >= migration.version) return;
      db.exec(migration.sql('sqlite'));
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return { from, to: SCHEMA_VERSION };
}
