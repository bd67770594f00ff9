import { proxyActivities } from '@temporalio/workflow';
export async function chain(queue: string, n: number): Promise<void> {
  const a = proxyActivities<{ noop(): Promise<void> }>({ startToCloseTimeout: '5s', taskQueue: queue });
  for (let i = 0; i < n; i++) await a.noop();
}
