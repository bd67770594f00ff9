import type { FeedItems } from '../feeds/feed-items';
import type { FeedName } from '../feeds/feed-names';

/**
 * The partner data OrderOps keeps locally: what the background sync writes and what orders read.
 *
 * This interface is the seam: SqlitePartnerStore is the embedded default (one file per machine),
 * PostgresPartnerStore the shared one (`ORDEROPS_STORE_URL`, several I/O workers on several
 * machines). Each method may answer directly or with a promise (`Awaitable`): the embedded store
 * answers in microseconds and stays synchronous, the server database is a network round trip.
 * Callers are activities, which are async already, and always `await` the answer.
 */
export interface PartnerStore {
  /**
   * Upserts one page of a sync pass in one transaction and records it in the page log. A page
   * already written in this pass (same feed, generation and cursor) is not written again: its
   * first outcome is returned, marked `replayed`.
   */
  writePage(page: PageWrite): Awaitable<PageOutcome>;
  /** The outcome of a page already written in this pass, if any. */
  writtenPage(feed: FeedName, generation: number, cursor: string): Awaitable<PageOutcome | undefined>;
  /**
   * Ends a complete pass: removes the feed's rows the pass did not see and records when it
   * completed. Idempotent: repeating it for the same generation answers as the first time did.
   */
  completePass(feed: FeedName, generation: number): Awaitable<PassOutcome>;
  syncState(feed: FeedName): Awaitable<FeedSyncState>;
  /** Warehouses holding every line in the quantity asked for (lines for the same sku add up). */
  warehousesHolding(lines: readonly StockLine[]): Awaitable<StockedWarehouse[]>;
  /** Rate cards for deliveries into `region`, cheapest base price first. */
  rateCardsFor(region: string): Awaitable<RateCard[]>;
  rowCounts(): Awaitable<Record<FeedName, number>>;
  close(): Awaitable<void>;
}

/** A value, or a promise of one: what a synchronous and an asynchronous store have in common. */
export type Awaitable<T> = T | Promise<T>;

/**
 * One page of a pass. `generation` identifies the pass (it is kept across continue-as-new), and
 * every row the page holds is marked with it; `cursor` is the one the page was fetched with
 * ('' for the first page).
 */
export type PageWrite = {
  [F in FeedName]: { feed: F; generation: number; cursor: string; nextCursor: string | null; items: FeedItems[F][] };
}[FeedName];

export interface PageOutcome {
  items: number;
  added: number;
  updated: number;
  unchanged: number;
  nextCursor: string | null;
  /** True when the page had been written before in this pass and nothing was written now. */
  replayed: boolean;
}

export interface PassOutcome {
  removed: number;
  completedAt: string;
}

export interface FeedSyncState {
  feed: FeedName;
  /** When the last complete pass ended; undefined if none ever did. */
  lastCompleteAt?: string;
  lastGeneration?: number;
  rows: number;
}

export interface StockLine {
  sku: string;
  quantity: number;
}

export interface StockedWarehouse {
  warehouseId: string;
  node: number;
  region: string;
}

export interface RateCard {
  carrierId: string;
  region: string;
  basePriceMinor: number;
  perKgMinor: number;
  currency: string;
  etaHours: number;
  hubNode: number;
}
