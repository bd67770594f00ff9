import {
  ActivityFailure,
  ApplicationFailure,
  TimeoutFailure,
  continueAsNew,
  proxyActivities,
  setCurrentDetails,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { SyncActivities } from '../../activities/sync-activities';
import { DEFAULT_TASK_QUEUES } from '../../contracts/task-queues';
import { FEED_NAMES } from '../../partner-data/feeds/feed-names';
import {
  STORE_WRITE_FAILED,
  syncProgressQuery,
  type FeedProgress,
  type PartnerSyncInput,
  type PartnerSyncResult,
  type SyncProgress,
} from '../../contracts/partner-sync-workflow';
import {
  completeFeed,
  describeProgress,
  failFeed,
  recordPage,
  startProgress,
  summarize,
} from '../../partner-data/feeds/sync-progress';
import * as policy from './policies';

/**
 * partnerSync: pull the partners' catalog, stock and rates feeds into the store, the three side by
 * side, each page by page with its cursor carried forward. A feed whose pass completes has the
 * rows it did not see removed. A partner that stays down fails only its feed: the sync completes
 * with `failedFeeds` listed, because the Schedule pauses on a failed sync and an outage of one
 * feed is no reason to stop the others; the next tick retries it. Only a store that cannot be
 * written fails the sync, and pauses the Schedule for an operator.
 */
export async function partnerSync(input: PartnerSyncInput = {}): Promise<PartnerSyncResult> {
  const settings = {
    pageSize: input.pageSize ?? policy.DEFAULT_PAGE_SIZE,
    pagesPerRun: input.pagesPerRun ?? policy.DEFAULT_PAGES_PER_RUN,
    taskQueue: input.taskQueues?.partnerIo ?? input.activityTaskQueue ?? DEFAULT_TASK_QUEUES.partnerIo,
  };
  const progress: SyncProgress = input.carried
    ? { ...input.carried, runs: input.carried.runs + 1 }
    : startProgress(input.feeds ?? FEED_NAMES, Date.now());
  setHandler(syncProgressQuery, () => progress);
  const report = () => setCurrentDetails(describeProgress(progress));
  report();

  const pages = proxyActivities<SyncActivities>({ ...policy.SYNC_FEED_PAGE, taskQueue: settings.taskQueue });
  const passes = proxyActivities<SyncActivities>({ ...policy.FINISH_FEED_PASS, taskQueue: settings.taskQueue });
  let pagesThisRun = 0;
  const mayFetchAnotherPage = () => pagesThisRun < settings.pagesPerRun && !workflowInfo().continueAsNewSuggested;

  async function syncFeed(feed: FeedProgress): Promise<void> {
    while (feed.status === 'running' && mayFetchAnotherPage()) {
      pagesThisRun += 1;
      try {
        const page = await pages.syncFeedPage({
          feed: feed.feed,
          generation: feed.generation,
          cursor: feed.cursor,
          pageSize: settings.pageSize,
        });
        recordPage(feed, page);
        if (page.nextCursor === null) {
          const pass = await passes.finishFeedPass({ feed: feed.feed, generation: feed.generation });
          completeFeed(feed, pass.removed, Date.now());
        }
      } catch (err) {
        if (isStoreFailure(err)) throw err;
        failFeed(feed, describeFeedFailure(feed, err), Date.now());
      }
      report();
    }
  }

  await Promise.all(progress.feeds.map(syncFeed));
  if (progress.feeds.some((feed) => feed.status === 'running')) {
    // The feeds still running pick up at their cursors in the next run, with the same generation.
    return continueAsNew<typeof partnerSync>({ ...input, carried: progress });
  }
  return summarize(progress, Date.now());
}

function isStoreFailure(err: unknown): boolean {
  return (
    err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.type === STORE_WRITE_FAILED
  );
}

/** "stock: gave up after 5 attempts: PartnerUnavailable: feeds stock answered HTTP 503", for the result and the UI. */
function describeFeedFailure(feed: FeedProgress, err: unknown): string {
  const page = `page ${feed.pages + 1}`;
  if (!(err instanceof ActivityFailure)) return `${page}: ${err instanceof Error ? err.message : String(err)}`;
  const cause = err.cause;
  const why =
    cause instanceof ApplicationFailure
      ? `${cause.type ?? 'Error'}: ${cause.message}`
      : cause instanceof TimeoutFailure
        ? `${cause.timeoutType ?? 'activity'} timeout`
        : (cause?.message ?? err.message);
  const retries: Record<string, string> = {
    MAXIMUM_ATTEMPTS_REACHED: `gave up after ${policy.SYNC_FEED_PAGE.retry?.maximumAttempts ?? 'all'} attempts`,
    TIMEOUT: `gave up when the page's ${String(policy.SYNC_FEED_PAGE.scheduleToCloseTimeout)} budget ran out`,
    NON_RETRYABLE_FAILURE: 'not retryable',
  };
  return `${page}: ${retries[err.retryState ?? ''] ?? 'failed'}: ${why}`;
}
