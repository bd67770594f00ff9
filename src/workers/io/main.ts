import { runWorkerProcess } from '../run-worker-process';
import { createIoWorkers } from './workers';

/** `orderops worker io`: workflows on `orders`, partner activities on `partner-io`. */
export function runIoWorker(): Promise<void> {
  return runWorkerProcess('worker-io', ({ connection, namespace, config }) =>
    createIoWorkers({ connection, namespace, config }),
  );
}
