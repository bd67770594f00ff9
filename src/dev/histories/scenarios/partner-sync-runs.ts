import { randomUUID } from 'node:crypto';
import type { PartnerSyncInput } from '../../../contracts/partner-sync-workflow';
import { PARTNER_SYNC_WORKFLOW } from '../../../contracts/workflow-names';
import type { LocalSystem } from '../../local-system/local-system';
import type { RecordedRun } from './scenario';

/** Starts a sync on the capture stack's queues and waits for the whole chain of runs to finish. */
export async function syncAndFinish(
  stack: LocalSystem,
  label: string,
  input: PartnerSyncInput = {},
): Promise<RecordedRun> {
  const handle = await stack.client.workflow.start(PARTNER_SYNC_WORKFLOW, {
    workflowId: `partner-sync-${label}-${randomUUID().slice(0, 8)}`,
    taskQueue: stack.config.taskQueues.orders,
    args: [{ ...input, taskQueues: { partnerIo: stack.config.taskQueues.partnerIo } }],
  });
  await handle.result();
  // The first run: the one whose history shows the hand-over to the next, if there was one.
  return { workflowId: handle.workflowId, runId: handle.firstExecutionRunId };
}
