/**
 * Container healthcheck for a worker: `node dist/platform/worker-health.js <task-queue> <workflow|activity>`.
 * A worker has no port to probe; what matters is that *this* container's worker is polling its
 * queue. The SDK's default worker identity is `<pid>@<hostname>`, so a poller whose identity ends
 * with our hostname and that polled recently is this container's worker, alive and connected.
 * Exit 0 healthy, 1 not.
 */
import os from 'node:os';
import { temporal } from '@temporalio/proto';
import { connectClient } from './temporal-connection';

const RECENT_POLL_MS = 90_000;

async function main(): Promise<boolean> {
  const [taskQueue, kind] = process.argv.slice(2);
  if (!taskQueue || (kind !== 'workflow' && kind !== 'activity')) {
    throw new Error('usage: worker-health <task-queue> <workflow|activity>');
  }
  const { client, connection, namespace } = await connectClient({ waitMs: 5_000 });
  try {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType:
        kind === 'workflow'
          ? temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
          : temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
    });
    const suffix = `@${os.hostname()}`;
    return pollers.some((poller) => {
      const lastSeenMs = Number(poller.lastAccessTime?.seconds ?? 0) * 1000;
      return (poller.identity ?? '').endsWith(suffix) && Date.now() - lastSeenMs < RECENT_POLL_MS;
    });
  } finally {
    await connection.close();
  }
}

main().then(
  (healthy) => {
    process.stdout.write(healthy ? 'healthy\n' : 'no recent poll from this host\n');
    process.exit(healthy ? 0 : 1);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
