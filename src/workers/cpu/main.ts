import { runWorkerProcess } from '../run-worker-process';
import { createCpuWorker } from './workers';

/** `orderops worker cpu`: route scoring on `route-scoring`, in a worker-thread pool. */
export function runCpuWorker(): Promise<void> {
  return runWorkerProcess('worker-cpu', async ({ connection, namespace, config, log }) => {
    const cpu = await createCpuWorker({ connection, namespace, config });
    log.info({ threads: cpu.pool.size, activitySlots: cpu.pool.size }, 'scoring pool warm');
    return cpu;
  });
}
