// `npm run worker:io`: workflows on `orders`, partner activities on `partner-io`.
import { createIoWorkers } from './io-workers';
import { runWorkerProcess } from './run-worker-process';

void runWorkerProcess('worker-io', ({ connection, namespace, config }) => createIoWorkers({ connection, namespace, config }));
