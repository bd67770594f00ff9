import { randomUUID } from 'node:crypto';
import type { PartnerSyncInput } from '../../sync/sync-api';
import { PARTNER_SYNC_WORKFLOW } from '../../shared/workflow-names';
import type { CaptureStack } from '../capture-stack';
import { closedAs, countEvents } from './history-checks';
import type { CaptureScenario, RecordedRun } from './scenario';

/** Starts a sync on the capture stack's queues and waits for the whole chain of runs to finish. */
async function syncAndFinish(stack: CaptureStack, scenario: string, input: PartnerSyncInput): Promise<RecordedRun> {
  const handle = await stack.client.workflow.start(PARTNER_SYNC_WORKFLOW, {
    workflowId: `partner-sync-${scenario}-${randomUUID().slice(0, 8)}`,
    taskQueue: stack.config.taskQueues.orders,
    args: [{ ...input, activityTaskQueue: stack.config.taskQueues.partnerIo }],
  });
  await handle.result();
  // The first run: the one whose history shows the hand-over to the next.
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}

/** partnerSync: the run that hands over to the next, and a feed that stays down. */
export const PARTNER_SYNC_SCENARIOS: CaptureScenario[] = [
  {
    name: 'feed-outage',
    workflowType: PARTNER_SYNC_WORKFLOW,
    shape: 'the stock feed answers 503 until its page gives up after 5 attempts: that feed fails, the others complete, the sync ends partial',
    async run(stack) {
      await stack.partners.setFaults({ rules: [{ target: 'feeds.stock', errorStatus: 503 }] });
      return syncAndFinish(stack, 'feed-outage', { pageSize: 500 });
    },
    check: (history) => {
      const ended = closedAs(history);
      if (ended !== 'completed') return `expected the run to end completed, it ended ${ended}`;
      return countEvents(history, 'activityTaskFailedEventAttributes') > 0 ? undefined : 'no feed page failed';
    },
  },
  {
    name: 'continue-as-new',
    workflowType: PARTNER_SYNC_WORKFLOW,
    shape: 'a full pass limited to 4 pages per run: the first run syncs the feeds side by side, then continues as new with the cursors it carries',
    run: (stack) => syncAndFinish(stack, 'continue-as-new', { pageSize: 100, pagesPerRun: 4 }),
    check: (history) => {
      const ended = closedAs(history);
      return ended === 'continuedAsNew' ? undefined : `expected the first run to continue as new, it ended ${ended}`;
    },
  },
];
