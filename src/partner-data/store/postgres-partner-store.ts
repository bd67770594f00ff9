import pg from 'pg';
import { createLogger, type Logger } from '../../platform/logger';
import { FEED_NAMES, type FeedName } from '../feeds/feed-names';
import { FEED_TABLES, type FeedTable, type Row } from './feed-tables';
import { migratePostgres } from './postgres-migrations';
import {
  alreadyCompletedPass,
  pageOutcomeOf,
  quantitiesBySku,
  rateCardOf,
  rowsOf,
  type LoggedPage,
  type StateRow,
} from './store-rows';
import type {
  FeedSyncState,
  PageOutcome,
  PageWrite,
  PartnerStore,
  PassOutcome,
  RateCard,
  StockedWarehouse,
  StockLine,
} from './partner-store';

/** Columns holding numbers; every other feed column is text. */
const INTEGER_COLUMNS = new Set([
  'weight_grams',
  'price_minor',
  'node',
  'quantity',
  'base_price_minor',
  'per_kg_minor',
  'eta_hours',
  'hub_node',
]);
const INT8_OID = 20;
// A page's transaction waits at most this long for a lock (another worker writing the same page).
const LOCK_TIMEOUT_MS = 10_000;

/**
 * The partner store on PostgreSQL (`ORDEROPS_STORE_URL=postgres://…`), for several I/O workers on
 * several machines sharing one copy of the synced data. Same schema, same page log and the same
 * answers as the SQLite store: a page is one transaction, and a page retried on another worker
 * while (or after) the first attempt wrote it is written once, its first outcome returned as
 * `replayed`. Every call is a network round trip, so every method returns a promise.
 */
export class PostgresPartnerStore implements PartnerStore {
  static async open(
    url: string,
    options: { maxConnections?: number; log?: Logger } = {},
  ): Promise<PostgresPartnerStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      // Generations are millisecond timestamps (bigint): numbers, not strings, on the way back.
      types: {
        getTypeParser: ((oid: number, format?: string) =>
          oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format as 'text')) as never,
      },
    });
    // An idle connection the server closed (a restart, a failover) is an event, not a crash: the
    // pool replaces it on the next query, and a query that fails is retried by its activity.
    pool.on('error', (error) => {
      const log = options.log ?? createLogger('partner-store');
      log.warn(
        { store: describeUrl(url), error: error.message },
        'partner store connection lost; the pool reconnects on the next query',
      );
    });
    try {
      await migratePostgres(pool, describeUrl(url));
      return new PostgresPartnerStore(pool, describeUrl(url));
    } catch (error) {
      await pool.end();
      throw error;
    }
  }

  private constructor(
    private readonly pool: pg.Pool,
    /** host:port/database, without credentials: safe to log. */
    readonly location: string,
  ) {}

  async writePage(page: PageWrite): Promise<PageOutcome> {
    return this.transaction(async (db) => {
      // Two workers writing the same page queue here; the second then finds it in the log.
      await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `page:${page.feed}:${page.generation}:${page.cursor}`,
      ]);
      const logged = await findPage(db, page.feed, page.generation, page.cursor);
      if (logged) return logged;
      const counts = await upsertRows(db, FEED_TABLES[page.feed] as FeedTable, rowsOf(page), page.generation);
      const outcome: PageOutcome = {
        items: page.items.length,
        ...counts,
        nextCursor: page.nextCursor,
        replayed: false,
      };
      await db.query(
        `INSERT INTO sync_page_log (feed, generation, cursor, next_cursor, items, added, updated, unchanged)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          page.feed,
          page.generation,
          page.cursor,
          page.nextCursor,
          outcome.items,
          counts.added,
          counts.updated,
          counts.unchanged,
        ],
      );
      return outcome;
    });
  }

  async writtenPage(feed: FeedName, generation: number, cursor: string): Promise<PageOutcome | undefined> {
    return findPage(this.pool, feed, generation, cursor);
  }

  async completePass(feed: FeedName, generation: number): Promise<PassOutcome> {
    return this.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`pass:${feed}`]);
      const state = await findState(db, feed);
      const settled = alreadyCompletedPass(state, generation);
      if (settled) return settled;
      const { table } = FEED_TABLES[feed];
      const removed = (await db.query(`DELETE FROM ${table} WHERE sync_generation < $1`, [generation])).rowCount ?? 0;
      await db.query('DELETE FROM sync_page_log WHERE feed = $1 AND generation < $2', [feed, generation]);
      const completedAt = new Date().toISOString();
      await db.query(
        `INSERT INTO sync_state (feed, last_complete_at, last_generation, last_removed) VALUES ($1, $2, $3, $4)
         ON CONFLICT (feed) DO UPDATE SET last_complete_at = excluded.last_complete_at,
           last_generation = excluded.last_generation, last_removed = excluded.last_removed`,
        [feed, completedAt, generation, removed],
      );
      return { removed, completedAt };
    });
  }

  async syncState(feed: FeedName): Promise<FeedSyncState> {
    const [state, rows] = await Promise.all([findState(this.pool, feed), this.count(feed)]);
    return {
      feed,
      ...(state ? { lastCompleteAt: state.last_complete_at, lastGeneration: state.last_generation } : {}),
      rows,
    };
  }

  async warehousesHolding(lines: readonly StockLine[]): Promise<StockedWarehouse[]> {
    const wanted = quantitiesBySku(lines);
    if (wanted.size === 0) return [];
    // Warehouses holding every sku in the quantity wanted: one query, whatever the number of lines.
    const { rows } = await this.pool.query<{ warehouse_id: string; node: number; region: string }>(
      `SELECT s.warehouse_id, MIN(s.node) AS node, MIN(s.region) AS region
         FROM warehouse_stock s
         JOIN unnest($1::text[], $2::int[]) AS w(sku, quantity) ON s.sku = w.sku AND s.quantity >= w.quantity
        GROUP BY s.warehouse_id
       HAVING COUNT(*) = $3
        ORDER BY s.warehouse_id`,
      [[...wanted.keys()], [...wanted.values()], wanted.size],
    );
    return rows.map((r) => ({ warehouseId: r.warehouse_id, node: r.node, region: r.region }));
  }

  async rateCardsFor(region: string): Promise<RateCard[]> {
    const { rows } = await this.pool.query<Row>(
      'SELECT * FROM carrier_rates WHERE region = $1 ORDER BY base_price_minor, carrier_id',
      [region],
    );
    return rows.map(rateCardOf);
  }

  async rowCounts(): Promise<Record<FeedName, number>> {
    const counts = await Promise.all(FEED_NAMES.map(async (feed) => [feed, await this.count(feed)] as const));
    return Object.fromEntries(counts) as Record<FeedName, number>;
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private async count(feed: FeedName): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT COUNT(*)::int AS n FROM ${FEED_TABLES[feed].table}`);
    return rows[0]?.n ?? 0;
  }

  private async transaction<T>(work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      await db.query(`SET LOCAL lock_timeout = ${LOCK_TIMEOUT_MS}`);
      const result = await work(db);
      await db.query('COMMIT');
      return result;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * Upserts a page's rows with two statements whatever its size: read the rows already there, then
 * one INSERT … ON CONFLICT for all. A row's generation only ever rises, so a slower, older pass
 * cannot make a newer pass's rows look unseen.
 */
async function upsertRows(
  db: Queryable,
  table: FeedTable,
  rows: readonly Row[],
  generation: number,
): Promise<{ added: number; updated: number; unchanged: number }> {
  const counts = { added: 0, updated: 0, unchanged: 0 };
  if (rows.length === 0) return counts;
  const { keyColumns, valueColumns } = table;
  const columns = [...keyColumns, ...valueColumns];
  const recordType = columns.map((c) => `${c} ${INTEGER_COLUMNS.has(c) ? 'integer' : 'text'}`).join(', ');
  const input = `jsonb_to_recordset($1::jsonb) AS r(${recordType})`;
  const keyOf = (row: Row): string => JSON.stringify(keyColumns.map((c) => row[c]));

  const existing = await db.query<Row>(
    `SELECT ${columns.map((c) => `t.${c}`).join(', ')} FROM ${table.table} t JOIN ${input} USING (${keyColumns.join(', ')})`,
    [JSON.stringify(rows)],
  );
  const before = new Map(existing.rows.map((row) => [keyOf(row), row]));
  for (const row of rows) {
    const old = before.get(keyOf(row));
    if (!old) counts.added += 1;
    else if (valueColumns.every((c) => old[c] === row[c])) counts.unchanged += 1;
    else counts.updated += 1;
  }
  await db.query(
    `INSERT INTO ${table.table} (${columns.join(', ')}, sync_generation)
     SELECT ${columns.join(', ')}, $2 FROM ${input}
     ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET
       ${valueColumns.map((c) => `${c} = excluded.${c}`).join(', ')},
       sync_generation = GREATEST(${table.table}.sync_generation, excluded.sync_generation)`,
    [JSON.stringify(rows), generation],
  );
  return counts;
}

async function findPage(
  db: Queryable,
  feed: FeedName,
  generation: number,
  cursor: string,
): Promise<PageOutcome | undefined> {
  const { rows } = await db.query<LoggedPage>(
    'SELECT next_cursor, items, added, updated, unchanged FROM sync_page_log WHERE feed = $1 AND generation = $2 AND cursor = $3',
    [feed, generation, cursor],
  );
  const logged = rows[0];
  return logged && pageOutcomeOf(logged, true);
}

async function findState(db: Queryable, feed: FeedName): Promise<StateRow | undefined> {
  const { rows } = await db.query<StateRow>(
    'SELECT last_complete_at, last_generation, last_removed FROM sync_state WHERE feed = $1',
    [feed],
  );
  return rows[0];
}

/** `postgres://user:secret@host:5432/db` -> `host:5432/db`: what logs and errors may show. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return 'postgres (unparseable URL)';
  }
}
