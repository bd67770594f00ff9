import { FEED_TABLES, type Row } from './feed-tables';
import type { PageOutcome, PageWrite, PassOutcome, RateCard, StockLine } from './partner-store';

/** What both stores (SQLite, PostgreSQL) read and write the same way, whatever the engine. */

export function rowsOf(page: PageWrite): Row[] {
  switch (page.feed) {
    case 'catalog':
      return page.items.map(FEED_TABLES.catalog.toRow);
    case 'stock':
      return page.items.map(FEED_TABLES.stock.toRow);
    case 'rates':
      return page.items.map(FEED_TABLES.rates.toRow);
  }
}

export function rateCardOf(row: Row): RateCard {
  return {
    carrierId: String(row.carrier_id),
    region: String(row.region),
    basePriceMinor: Number(row.base_price_minor),
    perKgMinor: Number(row.per_kg_minor),
    currency: String(row.currency),
    etaHours: Number(row.eta_hours),
    hubNode: Number(row.hub_node),
  };
}

/** The quantity wanted per sku: lines for the same sku add up. */
export function quantitiesBySku(lines: readonly StockLine[]): Map<string, number> {
  const wanted = new Map<string, number>();
  for (const line of lines) wanted.set(line.sku, (wanted.get(line.sku) ?? 0) + line.quantity);
  return wanted;
}

/** A row of `sync_page_log`, as read back. */
export interface LoggedPage {
  next_cursor: string | null;
  items: number;
  added: number;
  updated: number;
  unchanged: number;
}

export function pageOutcomeOf(logged: LoggedPage, replayed: boolean): PageOutcome {
  return {
    items: logged.items,
    added: logged.added,
    updated: logged.updated,
    unchanged: logged.unchanged,
    nextCursor: logged.next_cursor,
    replayed,
  };
}

/** A row of `sync_state`, as read back. */
export interface StateRow {
  last_complete_at: string;
  last_generation: number;
  last_removed: number;
}

/**
 * The answer for a pass whose completion is already recorded, or undefined when this pass still
 * has to sweep: repeating a completion answers as the first one did, and when a newer pass already
 * completed (passes overlapped), its sweep is the one that counts.
 */
export function alreadyCompletedPass(state: StateRow | undefined, generation: number): PassOutcome | undefined {
  if (state && state.last_generation === generation)
    return { removed: state.last_removed, completedAt: state.last_complete_at };
  if (state && state.last_generation > generation) return { removed: 0, completedAt: state.last_complete_at };
  return undefined;
}
