// `npm run worker:cpu`: route scoring on `route-scoring`, in a worker-thread pool.
import { createCpuWorker } from './cpu-workers';
import { runWorkerProcess } from './run-worker-process';

void runWorkerProcess('worker-cpu', async ({ connection, namespace, config, log }) => {
  const cpu = await createCpuWorker({ connection, namespace, config });
  log.info({ threads: cpu.pool.size, activitySlots: cpu.pool.size }, 'scoring pool warm');
  return cpu;
});
