import fs from 'node:fs';
import path from 'node:path';
import Database, { type Database as Connection, type Statement } from 'better-sqlite3';
import { FEED_NAMES, type FeedName } from '../feeds/feed-names';
import { FEED_TABLES, type FeedTable, type Row } from './feed-tables';
import { migrate } from './migrations';
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

/** How long a writer waits for another connection's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * The embedded store: one SQLite file (by default `data/partner-store.sqlite`), shared by every
 * OrderOps process on the machine through SQLite's own locking.
 */
export class SqlitePartnerStore implements PartnerStore {
  private readonly writers: Record<FeedName, FeedWriter>;
  private readonly sql: ReturnType<typeof prepareQueries>;
  private readonly writePageInTransaction: (page: PageWrite) => PageOutcome;
  private readonly completePassInTransaction: (feed: FeedName, generation: number) => PassOutcome;

  /** Opens (creating the folder, the file and the schema as needed) and migrates the store at `file`. */
  static open(file: string): SqlitePartnerStore {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      configure(db);
      migrate(db, file);
      return new SqlitePartnerStore(db, file);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private constructor(
    private readonly db: Connection,
    readonly file: string,
  ) {
    this.writers = {
      catalog: new FeedWriter(db, FEED_TABLES.catalog),
      stock: new FeedWriter(db, FEED_TABLES.stock),
      rates: new FeedWriter(db, FEED_TABLES.rates),
    };
    this.sql = prepareQueries(db);
    this.writePageInTransaction = db.transaction((page: PageWrite) => this.writePageNow(page));
    this.completePassInTransaction = db.transaction((feed: FeedName, generation: number) =>
      this.completePassNow(feed, generation),
    );
  }

  writePage(page: PageWrite): PageOutcome {
    return this.writePageInTransaction(page);
  }

  writtenPage(feed: FeedName, generation: number, cursor: string): PageOutcome | undefined {
    const logged = this.sql.findPage.get(feed, generation, cursor) as LoggedPage | undefined;
    return logged && pageOutcomeOf(logged, true);
  }

  completePass(feed: FeedName, generation: number): PassOutcome {
    return this.completePassInTransaction(feed, generation);
  }

  syncState(feed: FeedName): FeedSyncState {
    const state = this.sql.findState.get(feed) as StateRow | undefined;
    return {
      feed,
      ...(state ? { lastCompleteAt: state.last_complete_at, lastGeneration: state.last_generation } : {}),
      rows: this.writers[feed].count(),
    };
  }

  warehousesHolding(lines: readonly StockLine[]): StockedWarehouse[] {
    const wanted = quantitiesBySku(lines);
    let holding: Map<string, StockedWarehouse> | undefined;
    for (const [sku, quantity] of wanted) {
      const rows = this.sql.warehousesWithSku.all(sku, quantity) as {
        warehouse_id: string;
        node: number;
        region: string;
      }[];
      const here = new Map(
        rows.map((r) => [r.warehouse_id, { warehouseId: r.warehouse_id, node: r.node, region: r.region }]),
      );
      holding = holding ? new Map([...holding].filter(([id]) => here.has(id))) : here;
      if (holding.size === 0) break;
    }
    return [...(holding?.values() ?? [])];
  }

  rateCardsFor(region: string): RateCard[] {
    const rows = this.sql.ratesForRegion.all(region) as Row[];
    return rows.map(rateCardOf);
  }

  rowCounts(): Record<FeedName, number> {
    return Object.fromEntries(FEED_NAMES.map((feed) => [feed, this.writers[feed].count()])) as Record<FeedName, number>;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private writePageNow(page: PageWrite): PageOutcome {
    const logged = this.writtenPage(page.feed, page.generation, page.cursor);
    if (logged) return logged;
    const writer = this.writers[page.feed];
    const counts = { added: 0, updated: 0, unchanged: 0 };
    for (const row of rowsOf(page)) counts[writer.upsert(row, page.generation)] += 1;
    const outcome: PageOutcome = { items: page.items.length, ...counts, nextCursor: page.nextCursor, replayed: false };
    this.sql.logPage.run({
      feed: page.feed,
      generation: page.generation,
      cursor: page.cursor,
      next_cursor: page.nextCursor,
      items: outcome.items,
      ...counts,
    });
    return outcome;
  }

  private completePassNow(feed: FeedName, generation: number): PassOutcome {
    const state = this.sql.findState.get(feed) as StateRow | undefined;
    const settled = alreadyCompletedPass(state, generation);
    if (settled) return settled;
    const removed = this.writers[feed].sweepOlderThan(generation);
    this.sql.prunePageLog.run(feed, generation);
    const completedAt = new Date().toISOString();
    this.sql.saveState.run({ feed, last_complete_at: completedAt, last_generation: generation, last_removed: removed });
    return { removed, completedAt };
  }
}

/**
 * - WAL: the sync's page transactions and the orders' reads (other activities, other processes)
 *   never block each other; readers see the last committed page.
 * - synchronous=NORMAL: in WAL mode a crash of the process loses nothing and a power cut can lose
 *   only the last commits, never corrupt the file; the data is a cache the next sync re-fetches,
 *   so an fsync per page (FULL) would buy nothing.
 * - busy_timeout: a second writer (another worker process, the CLI) waits for the lock instead of
 *   failing at once; 5 s is far above one page's transaction and well inside an activity attempt.
 */
function configure(db: Connection): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
}

function prepareQueries(db: Connection) {
  return {
    findPage: db.prepare('SELECT * FROM sync_page_log WHERE feed = ? AND generation = ? AND cursor = ?'),
    logPage: db.prepare(
      `INSERT INTO sync_page_log (feed, generation, cursor, next_cursor, items, added, updated, unchanged)
       VALUES (@feed, @generation, @cursor, @next_cursor, @items, @added, @updated, @unchanged)`,
    ),
    prunePageLog: db.prepare('DELETE FROM sync_page_log WHERE feed = ? AND generation < ?'),
    findState: db.prepare('SELECT * FROM sync_state WHERE feed = ?'),
    saveState: db.prepare(
      `INSERT INTO sync_state (feed, last_complete_at, last_generation, last_removed)
       VALUES (@feed, @last_complete_at, @last_generation, @last_removed)
       ON CONFLICT (feed) DO UPDATE SET last_complete_at = excluded.last_complete_at,
         last_generation = excluded.last_generation, last_removed = excluded.last_removed`,
    ),
    warehousesWithSku: db.prepare(
      'SELECT warehouse_id, node, region FROM warehouse_stock WHERE sku = ? AND quantity >= ? ORDER BY warehouse_id',
    ),
    ratesForRegion: db.prepare('SELECT * FROM carrier_rates WHERE region = ? ORDER BY base_price_minor, carrier_id'),
  };
}

/** The prepared statements that upsert, sweep and count one feed's table. */
class FeedWriter {
  private readonly select: Statement;
  private readonly insert: Statement;
  private readonly update: Statement;
  private readonly markSeen: Statement;
  private readonly sweep: Statement;
  private readonly countRows: Statement;

  constructor(
    db: Connection,
    private readonly table: FeedTable,
  ) {
    const { keyColumns, valueColumns } = table;
    const matchKey = keyColumns.map((c) => `${c} = @${c}`).join(' AND ');
    const columns = [...keyColumns, ...valueColumns];
    // A row's generation only ever rises, so a slower, older pass cannot make a newer pass's rows look unseen.
    const raiseGeneration = 'sync_generation = MAX(sync_generation, @generation)';
    this.select = db.prepare(`SELECT ${valueColumns.join(', ')} FROM ${table.table} WHERE ${matchKey}`);
    this.insert = db.prepare(
      `INSERT INTO ${table.table} (${columns.join(', ')}, sync_generation) VALUES (${columns.map((c) => `@${c}`).join(', ')}, @generation)`,
    );
    this.update = db.prepare(
      `UPDATE ${table.table} SET ${valueColumns.map((c) => `${c} = @${c}`).join(', ')}, ${raiseGeneration} WHERE ${matchKey}`,
    );
    this.markSeen = db.prepare(`UPDATE ${table.table} SET ${raiseGeneration} WHERE ${matchKey}`);
    this.sweep = db.prepare(`DELETE FROM ${table.table} WHERE sync_generation < ?`);
    this.countRows = db.prepare(`SELECT COUNT(*) FROM ${table.table}`).pluck();
  }

  upsert(row: Row, generation: number): 'added' | 'updated' | 'unchanged' {
    const key = pick(row, this.table.keyColumns);
    const existing = this.select.get(key) as Row | undefined;
    if (!existing) {
      this.insert.run({ ...row, generation });
      return 'added';
    }
    if (this.table.valueColumns.every((c) => existing[c] === row[c])) {
      this.markSeen.run({ ...key, generation });
      return 'unchanged';
    }
    this.update.run({ ...row, generation });
    return 'updated';
  }

  sweepOlderThan(generation: number): number {
    return this.sweep.run(generation).changes;
  }

  count(): number {
    return this.countRows.get() as number;
  }
}

function pick(row: Row, columns: readonly string[]): Row {
  return Object.fromEntries(columns.map((c) => [c, row[c] as string | number]));
}
