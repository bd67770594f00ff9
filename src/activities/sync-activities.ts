import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { PartnerClient } from '../partners/partner-client';
import type { PageOutcome, PageWrite, PartnerStore, PassOutcome } from '../partner-data/store/partner-store';
import { parseFeedPage, type FeedPage } from '../partner-data/feeds/feed-items';
import type { FeedName } from '../partner-data/feeds/feed-names';
import { FEED_PAGE_INVALID, STORE_WRITE_FAILED } from '../contracts/partner-sync-workflow';
import { runPartnerStep } from './partner-step';

export interface SyncFeedPageInput {
  feed: FeedName;
  /** The pass this page belongs to. */
  generation: number;
  /** null: the feed's first page. */
  cursor: string | null;
  pageSize: number;
}

export interface FinishFeedPassInput {
  feed: FeedName;
  generation: number;
}

/** What a page attempt heartbeats: where it is, so a retry (and an operator in the UI) knows. */
export interface PageCheckpoint {
  feed: FeedName;
  cursor: string;
  stage: 'fetching' | 'written';
  outcome?: PageOutcome;
}

/**
 * Sync activities (task queue `partner-io`): one feed page each, fetched over HTTP and upserted
 * in one store transaction (SQLite: a few milliseconds of synchronous work per page; PostgreSQL:
 * a few round trips). I/O-bound like every partner call.
 */
export function createSyncActivities({ partners, store }: { partners: PartnerClient; store: PartnerStore }) {
  return {
    /**
     * A retried page resumes where the last attempt stopped: if that attempt heartbeated that the
     * page was written, or the store's page log says so (the durable record, written in the same
     * transaction as the rows), the page is neither fetched nor written again.
     */
    async syncFeedPage(input: SyncFeedPageInput): Promise<PageOutcome> {
      const ctx = Context.current();
      const cursor = input.cursor ?? '';
      const last = ctx.info.heartbeatDetails as PageCheckpoint | undefined;
      if (last?.stage === 'written' && last.cursor === cursor && last.outcome)
        return { ...last.outcome, replayed: true };
      const written = await store.writtenPage(input.feed, input.generation, cursor);
      if (written) return written;

      ctx.heartbeat({ feed: input.feed, cursor, stage: 'fetching' } satisfies PageCheckpoint);
      const page = await runPartnerStep(`sync-${input.feed}`, ({ signal }) => fetchPage(partners, input, signal));
      const outcome = await writeToStore(input, () =>
        store.writePage({
          feed: input.feed,
          generation: input.generation,
          cursor,
          nextCursor: page.nextCursor,
          items: page.items,
        } as PageWrite),
      );
      ctx.heartbeat({ feed: input.feed, cursor, stage: 'written', outcome } satisfies PageCheckpoint);
      return outcome;
    },

    /** Ends a feed's complete pass: rows it did not see are removed. Idempotent per generation. */
    async finishFeedPass(input: FinishFeedPassInput): Promise<PassOutcome> {
      return writeToStore(input, () => store.completePass(input.feed, input.generation));
    },
  };
}

export type SyncActivities = ReturnType<typeof createSyncActivities>;

async function fetchPage(partners: PartnerClient, input: SyncFeedPageInput, signal: AbortSignal): Promise<FeedPage> {
  const query = new URLSearchParams({ limit: String(input.pageSize) });
  if (input.cursor) query.set('cursor', input.cursor);
  const body = await partners.call<unknown>({
    partner: 'feeds',
    operation: input.feed,
    method: 'GET',
    path: `/feeds/${input.feed}?${query}`,
    signal,
  });
  const parsed = parseFeedPage(input.feed, body);
  if (!parsed.ok) {
    throw ApplicationFailure.create({
      type: FEED_PAGE_INVALID,
      message: `feeds sent a ${input.feed} page that breaks the feed's contract (${parsed.problem})`,
      nonRetryable: true,
      details: [{ partner: 'feeds', operation: input.feed, cursor: input.cursor }],
    });
  }
  return parsed.page;
}

/** Store errors get a type of their own: the workflow fails on them rather than blaming a partner. */
async function writeToStore<T>(input: { feed: FeedName }, write: () => T | Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw ApplicationFailure.create({
      type: STORE_WRITE_FAILED,
      message: `the partner store could not be written (${input.feed}): ${err instanceof Error ? err.message : String(err)}`,
      cause: err instanceof Error ? err : undefined,
    });
  }
}
