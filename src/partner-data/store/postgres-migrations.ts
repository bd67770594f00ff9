import type pg from 'pg';
import { StoreSchemaError, type Migration } from './migrations';

/**
 * The PostgreSQL store's schema: the same tables as the SQLite migrations, in PostgreSQL's types
 * (generations are millisecond timestamps: bigint). Append-only, like MIGRATIONS: the table
 * `store_schema` records which ones ran, and opening the store applies the rest.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [
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
        sync_generation BIGINT NOT NULL
      );
      CREATE TABLE warehouse_stock (
        warehouse_id TEXT NOT NULL,
        sku TEXT NOT NULL,
        node INTEGER NOT NULL,
        region TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        sync_generation BIGINT NOT NULL,
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
        sync_generation BIGINT NOT NULL,
        PRIMARY KEY (carrier_id, region)
      );
      CREATE INDEX carrier_rates_by_region ON carrier_rates (region);
      CREATE TABLE sync_state (
        feed TEXT PRIMARY KEY,
        last_complete_at TEXT NOT NULL,
        last_generation BIGINT NOT NULL,
        last_removed INTEGER NOT NULL
      );
      CREATE TABLE sync_page_log (
        feed TEXT NOT NULL,
        generation BIGINT NOT NULL,
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

export const POSTGRES_SCHEMA_VERSION = POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1]?.version ?? 0;

// Any constant: every process opening the store serialises its migrations on it.
const MIGRATION_LOCK = 7_170_417;

/** Brings the database up to POSTGRES_SCHEMA_VERSION; refuses one written by a newer OrderOps. */
export async function migratePostgres(pool: pg.Pool, location: string): Promise<{ from: number; to: number }> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    // Two workers starting at once: the second waits here, then finds nothing left to do.
    await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await db.query('CREATE TABLE IF NOT EXISTS store_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM store_schema');
    const from = rows[0]?.version ?? 0;
    if (from > POSTGRES_SCHEMA_VERSION) {
      throw new StoreSchemaError(`${location} has schema version ${from}, newer than this OrderOps knows (${POSTGRES_SCHEMA_VERSION}); refusing to use it`);
    }
    for (const migration of POSTGRES_MIGRATIONS.filter((m) => m.version > from)) {
      await db.query(migration.sql);
      await db.query('INSERT INTO store_schema (version, description) VALUES ($1, $2)', [migration.version, migration.description]);
    }
    await db.query('COMMIT');
    return { from, to: POSTGRES_SCHEMA_VERSION };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}
