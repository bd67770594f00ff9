import { DefaultLogger, Runtime } from '@temporalio/worker';

let quieted = false;

/** Workers log every state change at INFO; captures and replays only want warnings. The runtime installs once per process. */
export function quietSdkLogs(): void {
  if (quieted) return;
  quieted = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}
