import { request } from 'undici';
import type { Client } from '@temporalio/client';
import { SqlitePartnerStore } from '../../../src/partner-data/store/sqlite-partner-store';
import { FEED_NAMES, type FeedName } from '../../../src/partner-data/feeds/feed-names';
import type { PartnerSyncResult } from '../../../src/contracts/partner-sync-workflow';
import type { partnerSync } from '../../../src/workflows/partner-sync/partner-sync';
import type { TestStack } from '../../support/orderops-stack';

/** Every item of a feed, straight from the simulator (pages of 500), to compare the store with. */
export async function feedItems(simulatorUrl: string, feed: FeedName): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}) });
    const response = await request(`${simulatorUrl}/feeds/${feed}?${query}`);
    const page = (await response.body.json()) as { items: Record<string, unknown>[]; nextCursor: string | null };
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

export async function feedTotals(simulatorUrl: string): Promise<Record<FeedName, number>> {
  const counts = await Promise.all(
    FEED_NAMES.map(async (feed) => [feed, (await feedItems(simulatorUrl, feed)).length] as const),
  );
  return Object.fromEntries(counts) as Record<FeedName, number>;
}

/** A second connection to the stack's store file, as another process would open it. */
export function openStackStore(stack: TestStack): SqlitePartnerStore {
  return SqlitePartnerStore.open(stack.config.storePath);
}

/** Starts partnerSync directly (not through a Schedule) on the stack's queues. */
export function startSync(stack: TestStack, workflowId: string, input: Parameters<typeof partnerSync>[0] = {}) {
  return stack.client.workflow.start<typeof partnerSync>('partnerSync', {
    workflowId,
    taskQueue: stack.config.taskQueues.orders,
    args: [{ taskQueues: { partnerIo: stack.config.taskQueues.partnerIo }, ...input }],
  });
}

/** Every run of a workflow id: continue-as-new chains show up as several. */
export async function runsOf(client: Client, workflowId: string): Promise<{ runId: string; status: string }[]> {
  const runs: { runId: string; status: string }[] = [];
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    runs.push({ runId: execution.runId, status: execution.status.name });
  return runs;
}

export function feedSummary(result: PartnerSyncResult, feed: FeedName) {
  const summary = result.feeds.find((f) => f.feed === feed);
  if (!summary) throw new Error(`no ${feed} in the result`);
  return summary;
}
