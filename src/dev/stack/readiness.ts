import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

export interface WaitOptions {
  timeoutMs: number;
  /** Stop waiting early (e.g. the process that should open the port has exited). */
  givenUp?: () => boolean;
}

/** Resolves true once `port` accepts a TCP connection, false on timeout or when given up. */
export async function waitForPort(port: number, options: WaitOptions, host = '127.0.0.1'): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.givenUp?.()) {
    if (await canConnect(host, port)) return true;
    await sleep(250);
  }
  return false;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1_000);
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export type TaskQueueKind = 'workflow' | 'activity';

/**
 * Resolves true once a worker polls `taskQueue`: the moment a worker can actually take work,
 * which for the I/O worker includes bundling the workflow code.
 */
export async function waitForPollers(
  client: Client,
  namespace: string,
  taskQueue: string,
  kind: TaskQueueKind,
  options: WaitOptions,
): Promise<boolean> {
  const taskQueueType =
    kind === 'workflow'
      ? temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW
      : temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY;
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.givenUp?.()) {
    const { pollers } = await client.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: taskQueue },
      taskQueueType,
    });
    if (pollers.length > 0) return true;
    await sleep(500);
  }
  return false;
}
