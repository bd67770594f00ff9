import { defineQuery } from '@temporalio/workflow';
import type { FeedName } from '../partner-data/feeds/feed-names';
import type { TaskQueues } from './task-queues';

/** The partnerSync workflow's public face: its input, the `progress` query and its result. */
export interface PartnerSyncInput {
  /** Default: every feed. */
  feeds?: FeedName[];
  /** Items per page asked of the partner (the simulator allows 1..500). Default 200. */
  pageSize?: number;
  /** Pages one run may fetch before it continues as new, keeping its history small. Default 200. */
  pagesPerRun?: number;
  /** Queue names for this deployment, as processOrder takes them; the page activities run on `partnerIo`. */
  taskQueues?: Partial<TaskQueues>;
  /** @deprecated the same as `taskQueues.partnerIo`, kept for syncs started before `taskQueues`. */
  activityTaskQueue?: string;
  /** Set by the workflow itself when it continues as new; never by a caller. */
  carried?: SyncProgress;
}

export type FeedStatus = 'running' | 'complete' | 'failed';

export interface FeedCounts {
  pages: number;
  items: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Rows the complete pass did not see, deleted at its end. */
  removed: number;
}

export interface FeedProgress extends FeedCounts {
  feed: FeedName;
  status: FeedStatus;
  /** Marks every row this pass writes; the same across continue-as-new. */
  generation: number;
  /** The next page's cursor; null before the first page. */
  cursor: string | null;
  /** Pages a retry found already written (counted once, with their first outcome). */
  replayedPages: number;
  startedAtMs: number;
  finishedAtMs?: number;
  /** Why a failed feed failed, in words. */
  reason?: string;
}

/** What the `progress` query answers, and what a run carries into the next one. */
export interface SyncProgress {
  startedAtMs: number;
  /** Runs in this chain so far, the current one included. */
  runs: number;
  feeds: FeedProgress[];
}

export interface FeedSummary extends FeedCounts {
  feed: FeedName;
  status: Exclude<FeedStatus, 'running'>;
  durationMs: number;
  reason?: string;
}

export interface PartnerSyncResult {
  /** `partial` when some feed failed: the others were still synced. */
  status: 'complete' | 'partial';
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  runs: number;
  feeds: FeedSummary[];
  failedFeeds: FeedName[];
}

export const syncProgressQuery = defineQuery<SyncProgress>('progress');

/** The failure type of a store that cannot be written: the one failure that fails the whole sync. */
export const STORE_WRITE_FAILED = 'StoreWriteFailed';
/** A page whose content does not match the feed's contract: retrying would fetch the same page. */
export const FEED_PAGE_INVALID = 'FeedPageInvalid';
