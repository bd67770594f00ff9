import { describe, expect, it } from 'vitest';
import {
  completeFeed,
  describeProgress,
  failFeed,
  recordPage,
  startProgress,
  summarize,
} from '../../src/partner-data/feeds/sync-progress';

describe('sync progress', () => {
  it('adds pages up per feed and summarizes a partial pass, listing the failed feed with its reason', () => {
    const progress = startProgress(['catalog', 'rates'], 1_000);
    const [catalog, rates] = progress.feeds;
    recordPage(catalog!, { items: 3, added: 2, updated: 1, unchanged: 0, nextCursor: 'c', replayed: false });
    recordPage(catalog!, { items: 2, added: 0, updated: 0, unchanged: 2, nextCursor: null, replayed: true });
    completeFeed(catalog!, 4, 3_000);
    failFeed(rates!, 'page 1: gave up after 5 attempts: PartnerUnavailable', 2_500);

    expect(describeProgress(progress)).toContain('**rates**: failed — page 1: gave up after 5 attempts');
    const result = summarize(progress, 4_000);
    expect(result).toMatchObject({ status: 'partial', failedFeeds: ['rates'], durationMs: 3_000, runs: 1 });
    expect(result.feeds[0]).toEqual({
      feed: 'catalog',
      status: 'complete',
      pages: 2,
      items: 5,
      added: 2,
      updated: 1,
      unchanged: 2,
      removed: 4,
      durationMs: 2_000,
    });
    expect(result.feeds[1]).toMatchObject({
      feed: 'rates',
      status: 'failed',
      reason: 'page 1: gave up after 5 attempts: PartnerUnavailable',
    });
  });
});
