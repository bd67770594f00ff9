import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncFeedPageInput } from '../../src/activities/sync-activities';
import { STORE_WRITE_FAILED, type PartnerSyncInput } from '../../src/contracts/partner-sync-workflow';
import { PARTNER_SYNC_WORKFLOW } from '../../src/contracts/workflow-names';
import type { PageOutcome } from '../../src/partner-data/store/partner-store';
import type { partnerSync } from '../../src/workflows/partner-sync/partner-sync';
import { WorkflowTestEnv, type ActivityFakes } from '../support/workflow-test-env';

/** A feed of `pages` pages of 10 items, cursors "1", "2", ...; every page asked for is logged. */
function feedPartners(pages: Record<string, number>, log: string[] = []) {
  const fakes = {
    syncFeedPage: async (input: SyncFeedPageInput): Promise<PageOutcome> => {
      log.push(`${input.feed}@${input.cursor ?? 'start'}`);
      const index = input.cursor === null ? 1 : Number(input.cursor) + 1;
      const nextCursor = index < (pages[input.feed] ?? 1) ? String(index) : null;
      return { items: 10, added: 10, updated: 0, unchanged: 0, nextCursor, replayed: false };
    },
    finishFeedPass: async (input: { feed: string; generation: number }) => {
      log.push(`${input.feed} finished`);
      return { removed: 2 };
    },
  } satisfies ActivityFakes;
  return { ...fakes, log };
}

/** partnerSync's branches against fake page activities: each run well under a second. */
describe('partnerSync, branch by branch, with fake feeds', () => {
  let t: WorkflowTestEnv;
  beforeAll(async () => {
    t = await WorkflowTestEnv.start('partner-sync-branches', ['syncFeedPage', 'finishFeedPass']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  function run(fakes: object, input: PartnerSyncInput = {}) {
    return t.client.workflow
      .start<typeof partnerSync>(PARTNER_SYNC_WORKFLOW, {
        workflowId: t.use('sync-branch', fakes),
        taskQueue: t.taskQueue,
        args: [{ taskQueues: { partnerIo: t.taskQueue }, ...input }],
      })
      .then((handle) => handle.result());
  }

  it('pulls every feed page by page, carrying the cursor, and closes each complete pass', async () => {
    const partners = feedPartners({ catalog: 1, stock: 3, rates: 2 });
    const result = await run(partners);
    expect(result.status).toBe('complete');
    expect(result.failedFeeds).toEqual([]);
    expect(partners.log.filter((call) => call.startsWith('stock'))).toEqual([
      'stock@start',
      'stock@1',
      'stock@2',
      'stock finished',
    ]);
    expect(result.feeds.find((feed) => feed.feed === 'stock')).toMatchObject({
      status: 'complete',
      pages: 3,
      items: 30,
      added: 30,
      removed: 2,
    });
  });

  it('a feed that fails for good fails only itself: the sync completes as partial, naming it, and the other feeds are synced', async () => {
    const partners = feedPartners({ catalog: 1, stock: 1, rates: 1 });
    const fetchPage = partners.syncFeedPage;
    const fakes = {
      ...partners,
      syncFeedPage: (input: SyncFeedPageInput) =>
        input.feed === 'stock'
          ? Promise.reject(
              ApplicationFailure.create({
                type: 'PartnerRefused',
                message: 'stock feed answered 403',
                nonRetryable: true,
              }),
            )
          : fetchPage(input),
    };
    const result = await run(fakes);
    expect(result.status).toBe('partial');
    expect(result.failedFeeds).toEqual(['stock']);
    expect(result.feeds.find((feed) => feed.feed === 'stock')?.reason).toMatch(
      /page 1: not retryable: PartnerRefused: stock feed answered 403/,
    );
    expect(partners.log).toEqual(expect.arrayContaining(['catalog finished', 'rates finished']));
  });

  it('a store that cannot be written fails the whole sync, so the Schedule pauses for an operator', async () => {
    const fakes = {
      ...feedPartners({ catalog: 1, stock: 1, rates: 1 }),
      syncFeedPage: () =>
        Promise.reject(
          ApplicationFailure.create({ type: STORE_WRITE_FAILED, message: 'disk full', nonRetryable: true }),
        ),
    };
    const err = await run(fakes).catch((failure: unknown) => failure);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect(JSON.stringify((err as WorkflowFailedError).cause?.cause)).toContain(STORE_WRITE_FAILED);
  });

  it('continues as new after its page budget, picking each feed up at its cursor', async () => {
    const partners = feedPartners({ catalog: 1, stock: 2, rates: 1 });
    // Three pages a run: the first run takes each feed's first page, the second the rest of stock.
    const result = await run(partners, { pagesPerRun: 3 });
    expect(result.status).toBe('complete');
    expect(result.runs).toBe(2);
    // Each page asked once across the runs: the cursor, not the start, is where the new run resumes.
    expect(partners.log.filter((call) => call.startsWith('stock'))).toEqual([
      'stock@start',
      'stock@1',
      'stock finished',
    ]);
    expect(result.feeds.find((feed) => feed.feed === 'stock')).toMatchObject({
      status: 'complete',
      pages: 2,
      items: 20,
    });
  });
});
