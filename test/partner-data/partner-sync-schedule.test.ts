import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applySchedule, scheduleDifferences } from '../../src/partner-data/schedule/apply-schedule';
import { partnerSyncSchedule, type DeclaredSchedule } from '../../src/partner-data/schedule/partner-sync-schedule';
import {
  describeSchedule,
  listSchedules,
  pauseSchedule,
  triggerSchedule,
  unpauseSchedule,
} from '../../src/partner-data/schedule/schedule-operations';
import type { SqlitePartnerStore } from '../../src/partner-data/store/sqlite-partner-store';
import type { PartnerSyncResult } from '../../src/contracts/partner-sync-workflow';
import { eventually } from '../support/eventually';
import { startTestStack, type TestStack } from '../support/orderops-stack';
import { feedTotals, openStackStore } from './support/sync-fixtures';

describe('the partner-sync Schedule, declared in code', () => {
  let stack: TestStack;
  let store: SqlitePartnerStore;
  const created: string[] = [];

  // Schedule ids are global in the namespace and test files run side by side: one id per test.
  function declare(): DeclaredSchedule {
    const declared = partnerSyncSchedule({
      scheduleId: `test-partner-sync-${randomUUID().slice(0, 8)}`,
      taskQueues: stack.config.taskQueues,
    });
    created.push(declared.scheduleId);
    return declared;
  }
  /** Applied and paused at once, so the cron never fires during the test: only triggers start syncs. */
  async function applyPaused(declared: DeclaredSchedule): Promise<void> {
    expect(await applySchedule(stack.client, declared)).toBe('created');
    await pauseSchedule(stack.client, declared.scheduleId, 'test: started by trigger only');
  }
  const resultOf = (workflowId: string) =>
    stack.client.workflow.getHandle(workflowId).result() as Promise<PartnerSyncResult>;

  beforeAll(async () => {
    stack = await startTestStack();
    store = openStackStore(stack);
  });
  afterEach(async () => {
    await stack.partners.clearFaults();
  });
  afterAll(async () => {
    for (const scheduleId of created)
      await stack?.client.schedule
        .getHandle(scheduleId)
        .delete()
        .catch(() => undefined);
    store?.close();
    await stack?.stop();
  });

  it('apply twice leaves one Schedule with the declared cron, time zone and policies; a changed field is updated', async () => {
    const declared = declare();
    await applyPaused(declared);
    expect(await applySchedule(stack.client, declared)).toBe('unchanged');

    const view = await describeSchedule(stack.client, declared.scheduleId);
    expect(view).toMatchObject({
      cron: ['*/15 * * * *'],
      comment: declared.comment,
      timezone: 'UTC',
      jitterMs: 60_000,
      policies: { overlap: 'SKIP', catchupWindowMs: 15 * 60_000, pauseOnFailure: true },
      action: {
        workflowType: 'partnerSync',
        workflowIdPrefix: declared.scheduleId,
        taskQueue: stack.config.taskQueues.orders,
      },
      paused: true,
      note: 'test: started by trigger only',
    });
    const raw = await stack.client.schedule.getHandle(declared.scheduleId).describe();
    expect(scheduleDifferences(declared, raw)).toEqual([]);
    const listed = await eventually('the Schedule to be listed', async () => {
      const mine = (await listSchedules(stack.client)).filter((s) => s.scheduleId === declared.scheduleId);
      return mine.length > 0 ? mine : undefined;
    });
    expect(listed).toHaveLength(1);

    const inParis = { ...declared, timezone: 'Europe/Paris' };
    expect(scheduleDifferences(inParis, raw)).toEqual(['spec.timezone: server has "UTC", declared "Europe/Paris"']);
    expect(await applySchedule(stack.client, inParis)).toBe('updated');
    expect(await describeSchedule(stack.client, declared.scheduleId)).toMatchObject({
      timezone: 'Europe/Paris',
      paused: true,
    });
    expect(await applySchedule(stack.client, { ...declared, cron: '*/10 * * * *' })).toBe('updated');
    expect((await describeSchedule(stack.client, declared.scheduleId)).cron).toEqual(['*/10 * * * *']);
    expect(await applySchedule(stack.client, declared)).toBe('updated');
    expect(await applySchedule(stack.client, declared)).toBe('unchanged');

    await unpauseSchedule(stack.client, declared.scheduleId);
    expect((await describeSchedule(stack.client, declared.scheduleId)).paused).toBe(false);
  });

  it('trigger runs partnerSync to completion and the store then holds the partners\u2019 data', async () => {
    const declared = declare();
    await applyPaused(declared);
    await triggerSchedule(stack.client, declared.scheduleId);
    const [action] = await eventually('the triggered sync to start', async () => {
      const { recent } = await describeSchedule(stack.client, declared.scheduleId);
      return recent.length > 0 ? recent : undefined;
    });
    expect(action?.workflowId.startsWith(`${declared.scheduleId}-`)).toBe(true);

    const result = await resultOf(action?.workflowId as string);
    const totals = await feedTotals(stack.simulator.url);
    expect(result).toMatchObject({ status: 'complete', failedFeeds: [], runs: 1 });
    for (const feed of result.feeds) expect(feed).toMatchObject({ status: 'complete', items: totals[feed.feed] });
    expect(store.rowCounts()).toEqual(totals);
    for (const feed of ['catalog', 'stock', 'rates'] as const)
      expect(store.syncState(feed).lastCompleteAt).toBeDefined();
  });

  it('overlap SKIP: a trigger while a sync runs starts nothing; the running sync completes', async () => {
    const declared = declare();
    await applyPaused(declared);
    // Slow pages keep the first sync running while the second trigger arrives.
    await stack.partners.setFaults({ rules: [{ target: 'feeds', latency: 400 }] });
    await triggerSchedule(stack.client, declared.scheduleId);
    const running = await eventually('the first sync to be running', async () => {
      const view = await describeSchedule(stack.client, declared.scheduleId);
      return view.running.length === 1 ? view.running[0] : undefined;
    });

    expect(await triggerSchedule(stack.client, declared.scheduleId)).toEqual({ overlap: 'SKIP' });
    const afterSecond = await eventually('the second trigger to be skipped', async () => {
      const view = await describeSchedule(stack.client, declared.scheduleId);
      return view.counts.skippedOverlap === 1 ? view : undefined;
    });
    expect(afterSecond.running).toEqual([running]);
    expect(afterSecond.counts.taken).toBe(1);

    const handle: WorkflowHandle = stack.client.workflow.getHandle(running as string);
    expect((await handle.result()) as PartnerSyncResult).toMatchObject({ status: 'complete' });
    // The Schedule learns of the run's end from its own watcher: under load that lags the result.
    const final = await eventually('the Schedule to record the finished run', async () => {
      const view = await describeSchedule(stack.client, declared.scheduleId);
      return view.running.length === 0 && view.recent.length > 0 ? view : undefined;
    });
    expect(final.recent.map((r) => r.workflowId)).toEqual([running]);
    expect(final.running).toEqual([]);
  });
});
