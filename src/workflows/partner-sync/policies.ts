import { ActivityCancellationType, type ActivityOptions } from '@temporalio/workflow';

/**
 * Every timing decision of partnerSync, with its reason. The sync is background work: it may
 * wait and retry longer than an order could, but a partner that stays down must end that feed's
 * part within minutes, with a reason, so the rest of the pass completes and the next tick retries.
 */

/** Items per page asked of the partner: ten stock pages a pass, each one short transaction. */
export const DEFAULT_PAGE_SIZE = 200;
/**
 * Pages a run fetches before it continues as new. A page costs about six history events, so 200
 * pages stay near 1,200 events, far below the point where replaying a long history gets slow
 * (the server also suggests continue-as-new on its own, which the workflow honours earlier).
 */
export const DEFAULT_PAGES_PER_RUN = 200;

/** One feed page: fetch it, upsert it in one transaction. */
export const SYNC_FEED_PAGE: ActivityOptions = {
  startToCloseTimeout: '30s', // a page is one GET and a few ms of SQLite: 30 s is a sick partner, not a big page
  scheduleToCloseTimeout: '2m', // a feed gives up on a page after 2 min in all; the next scheduled pass starts over
  scheduleToStartTimeout: '1m', // no partner-io worker for a minute: fail the feed with that reason instead of waiting silently
  heartbeatTimeout: '10s', // the fetch heartbeats every few seconds: a worker that died is noticed in 10 s, not at startToClose
  // 1 s, 2 s, 4 s, 8 s between the five attempts: a blip is ridden out, an outage ends the feed in about 15 s plus the calls.
  // Refusals (4xx) and FeedPageInvalid are non-retryable where they are raised: the same page would fail the same way.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 5 },
  // A page is one atomic transaction and the page log makes a repeat harmless: on cancel there is nothing to wait for.
  cancellationType: ActivityCancellationType.TRY_CANCEL,
};

/** The end of a feed's complete pass: sweep the rows it did not see. Local and quick. */
export const FINISH_FEED_PASS: ActivityOptions = {
  startToCloseTimeout: '30s', // one DELETE on an indexed generation; 30 s means the file is locked or the disk is sick
  scheduleToCloseTimeout: '2m',
  scheduleToStartTimeout: '1m',
  // No heartbeatTimeout: the work is one short transaction with no waiting to be cancelled out of.
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 5 },
  cancellationType: ActivityCancellationType.TRY_CANCEL, // atomic and idempotent per generation
};
