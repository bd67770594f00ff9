import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSyncActivities,
  type PageCheckpoint,
  type SyncFeedPageInput,
} from '../../src/activities/sync-activities';
import type { PartnerCall, PartnerClient } from '../../src/partners/partner-client';
import type { PageOutcome } from '../../src/partner-data/store/partner-store';
import { SqlitePartnerStore } from '../../src/partner-data/store/sqlite-partner-store';

const stockPage = (nextCursor: string | null) => ({
  feed: 'stock',
  items: [{ warehouseId: 'wh-01', node: 1, region: 'UK', sku: 'SKU-1', quantity: 4 }],
  nextCursor,
  generatedAt: new Date().toISOString(),
});

/** Answers every feed call with the same page and remembers what was asked. */
function fakePartners(answer: unknown): PartnerClient & { calls: PartnerCall[] } {
  const calls: PartnerCall[] = [];
  const call = async (request: PartnerCall) => {
    calls.push(request);
    return answer;
  };
  return { calls, call } as unknown as PartnerClient & { calls: PartnerCall[] };
}

describe('syncFeedPage', () => {
  let dir: string;
  let store: SqlitePartnerStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-sync-activity-'));
    store = SqlitePartnerStore.open(path.join(dir, 'store.sqlite'));
  });
  afterEach(() => {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fetches the page at its cursor, writes it and heartbeats where it is', async () => {
    const partners = fakePartners(stockPage('next'));
    const env = new MockActivityEnvironment({ heartbeatTimeoutMs: 10_000 });
    const heartbeats: unknown[] = [];
    env.on('heartbeat', (details: unknown) => heartbeats.push(details));
    const input: SyncFeedPageInput = { feed: 'stock', generation: 7, cursor: 'abc', pageSize: 50 };
    const outcome = await env.run(createSyncActivities({ partners, store }).syncFeedPage, input);

    expect(outcome).toEqual({ items: 1, added: 1, updated: 0, unchanged: 0, nextCursor: 'next', replayed: false });
    expect(partners.calls.map((c) => c.path)).toEqual(['/feeds/stock?limit=50&cursor=abc']);
    expect(heartbeats).toContainEqual({ feed: 'stock', cursor: 'abc', stage: 'fetching' });
    expect(heartbeats).toContainEqual({ feed: 'stock', cursor: 'abc', stage: 'written', outcome });
  });

  it('a retry of a page an earlier attempt already wrote neither fetches nor writes it again', async () => {
    const partners = fakePartners(stockPage(null));
    const input: SyncFeedPageInput = { feed: 'stock', generation: 7, cursor: null, pageSize: 50 };
    const first: PageOutcome = await new MockActivityEnvironment().run(
      createSyncActivities({ partners, store }).syncFeedPage,
      input,
    );
    // The attempt wrote the page, then its completion was lost (say, the worker died): the retry finds it in the page log.
    const retry = await new MockActivityEnvironment({ attempt: 2 }).run(
      createSyncActivities({ partners, store }).syncFeedPage,
      input,
    );
    expect(retry).toEqual({ ...first, replayed: true });
    expect(partners.calls).toHaveLength(1);

    // With the attempt's last heartbeat at hand, the retry does not even read the store.
    const checkpoint: PageCheckpoint = { feed: 'stock', cursor: '', stage: 'written', outcome: first };
    const fromHeartbeat = await new MockActivityEnvironment({ attempt: 2, heartbeatDetails: checkpoint }).run(
      createSyncActivities({ partners, store }).syncFeedPage,
      { ...input, generation: 8 },
    );
    expect(fromHeartbeat).toEqual({ ...first, replayed: true });
    expect(partners.calls).toHaveLength(1);
  });

  it('a page that breaks the feed contract fails without retry, saying what is wrong', async () => {
    const partners = fakePartners({ feed: 'stock', items: [{ sku: 'SKU-1' }], nextCursor: null });
    const failure = await new MockActivityEnvironment()
      .run(createSyncActivities({ partners, store }).syncFeedPage, {
        feed: 'stock',
        generation: 1,
        cursor: null,
        pageSize: 50,
      } as SyncFeedPageInput)
      .catch((err: unknown) => err);
    expect(failure).toMatchObject({
      type: 'FeedPageInvalid',
      nonRetryable: true,
      message: expect.stringMatching(/items\.0\.warehouseId/) as unknown,
    });
    expect(store.rowCounts().stock).toBe(0);
  });
});
