import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { OrderOpsConfig } from '../../src/platform/config';

const ROOT = path.resolve(__dirname, '..', '..');

/** `npm run worker:io` as a real child process, for tests that kill a worker mid-call. */
export function spawnIoWorker(config: OrderOpsConfig): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/front-doors/cli/main.ts'), 'worker', 'io'], {
    cwd: ROOT,
    env: {
      ...process.env,
      ORDEROPS_ORDERS_QUEUE: config.taskQueues.orders,
      ORDEROPS_PARTNER_IO_QUEUE: config.taskQueues.partnerIo,
      ORDEROPS_ROUTE_SCORING_QUEUE: config.taskQueues.routeScoring,
      ORDEROPS_PARTNERS_URL: config.partnersUrl,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
