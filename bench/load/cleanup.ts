import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';

const TERMINATE_CONCURRENCY = 32;

/**
 * Ends whatever a scenario left running, so the next one starts on an idle server: the ids the
 * driver knows about, then anything visibility still lists on the scenario's own queue.
 */
export async function terminateLeftovers(
  client: Client,
  ordersQueue: string,
  known: Iterable<string>,
  reason: string,
): Promise<number> {
  const ids = new Set(known);
  try {
    for await (const execution of client.workflow.list({
      query: `TaskQueue = '${ordersQueue}' AND ExecutionStatus = 'Running'`,
    })) {
      ids.add(execution.workflowId);
    }
  } catch {
    // Visibility is a safety net here; the known ids are what matters.
  }
  const queue = [...ids];
  let terminated = 0;
  const lane = async (): Promise<void> => {
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      try {
        await client.workflow.getHandle(id).terminate(reason);
        terminated++;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) && !isAlreadyClosed(err)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: TERMINATE_CONCURRENCY }, lane));
  return terminated;
}

function isAlreadyClosed(err: unknown): boolean {
  return err instanceof Error && /already completed|not running|workflow execution already/i.test(err.message);
}
