import { DefaultLogger, Runtime } from '@temporalio/worker';

let quieted = false;

/**
 * Workers log every state change at INFO, and a capture provokes failures on purpose, each logged
 * at WARN with its stack: show only what the caller asks for. The runtime installs once per process.
 */
export function quietSdkLogs(level: 'WARN' | 'ERROR' = 'WARN'): void {
  if (quieted) return;
  quieted = true;
  Runtime.install({ logger: new DefaultLogger(level) });
}
