import type pg from 'pg';
import { pendingMigrations, SCHEMA_VERSION } from './migrations';

// Any constant: every process opening the store serialises its migrations on it.
const MIGRATION_LOCK = 7_170_417;

/**
 * Brings the database up to SCHEMA_VERSION (the table `store_schema` records which migrations
 * ran), in one transaction.
 */
export async function migratePostgres(pool: pg.Pool, location: string): Promise<{ from: number; to: number }> {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    // Two workers starting at once: the second waits here, then finds nothing left to do.
    await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await db.query(
      'CREATE TABLE IF NOT EXISTS store_schema (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const { rows } = await db.query<{ version: number | null }>('SELECT MAX(version) AS version FROM store_schema');
    const from = rows[0]?.version ?? 0;
    for (const migration of pendingMigrations(from, location)) {
      await db.query(migration.sql('postgres'));
      await db.query('INSERT INTO store_schema (version, description) VALUES ($1, $2)', [
        migration.version,
        migration.description,
      ]);
    }
    await db.query('COMMIT');
    return { from, to: SCHEMA_VERSION };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}
