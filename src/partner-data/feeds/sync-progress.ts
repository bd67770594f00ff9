import type { PageOutcome } from '../store/partner-store';
import type { FeedName } from './feed-names';
import type { FeedProgress, FeedSummary, PartnerSyncResult, SyncProgress } from '../../contracts/partner-sync-workflow';

/**
 * The arithmetic of a sync pass, kept out of the workflow file so it reads as the process and
 * this can be tested on its own. Pure and deterministic: safe inside the workflow sandbox.
 */
export function startProgress(feeds: readonly FeedName[], nowMs: number): SyncProgress {
  return {
    startedAtMs: nowMs,
    runs: 1,
    feeds: feeds.map((feed) => ({
      feed,
      status: 'running',
      generation: nowMs,
      cursor: null,
      pages: 0,
      items: 0,
      added: 0,
      updated: 0,
      unchanged: 0,
      removed: 0,
      replayedPages: 0,
      startedAtMs: nowMs,
    })),
  };
}

export function recordPage(progress: FeedProgress, page: PageOutcome): void {
  progress.pages += 1;
  progress.items += page.items;
  progress.added += page.added;
  progress.updated += page.updated;
  progress.unchanged += page.unchanged;
  if (page.replayed) progress.replayedPages += 1;
  progress.cursor = page.nextCursor;
}

export function completeFeed(progress: FeedProgress, removed: number, nowMs: number): void {
  progress.removed = removed;
  progress.status = 'complete';
  progress.finishedAtMs = nowMs;
}

export function failFeed(progress: FeedProgress, reason: string, nowMs: number): void {
  progress.status = 'failed';
  progress.reason = reason;
  progress.finishedAtMs = nowMs;
}

export function summarize(progress: SyncProgress, nowMs: number): PartnerSyncResult {
  const feeds: FeedSummary[] = progress.feeds.map((f) => ({
    feed: f.feed,
    status: f.status === 'complete' ? 'complete' : 'failed',
    pages: f.pages,
    items: f.items,
    added: f.added,
    updated: f.updated,
    unchanged: f.unchanged,
    removed: f.removed,
    durationMs: (f.finishedAtMs ?? nowMs) - f.startedAtMs,
    ...(f.reason ? { reason: f.reason } : {}),
  }));
  const failedFeeds = feeds.filter((f) => f.status === 'failed').map((f) => f.feed);
  return {
    status: failedFeeds.length > 0 ? 'partial' : 'complete',
    startedAt: new Date(progress.startedAtMs).toISOString(),
    finishedAt: new Date(nowMs).toISOString(),
    durationMs: nowMs - progress.startedAtMs,
    runs: progress.runs,
    feeds,
    failedFeeds,
  };
}

/** The workflow's current details in the Web UI: one line per feed. */
export function describeProgress(progress: SyncProgress): string {
  const lines = progress.feeds.map((f) => {
    const counts = `${f.pages} page(s), +${f.added} added, ${f.updated} updated, ${f.unchanged} unchanged`;
    if (f.status === 'complete') return `- **${f.feed}**: complete — ${counts}, ${f.removed} removed`;
    if (f.status === 'failed') return `- **${f.feed}**: failed — ${f.reason ?? 'unknown reason'} (after ${counts})`;
    return `- **${f.feed}**: syncing — ${counts}`;
  });
  return [`**partner sync** — run ${progress.runs}`, ...lines].join('\n');
}
