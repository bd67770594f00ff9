import { DefaultLogger, Runtime } from '@temporalio/worker';
import { sdkRuntimeInstalled } from '../../platform/telemetry/sdk-runtime';

let quieted = false;

/**
 * Workers log every state change at INFO, and a capture provokes failures on purpose, each logged
 * at WARN with its stack: show only what the caller asks for. The runtime installs once per process.
 */
export function quietSdkLogs(level: 'WARN' | 'ERROR' = 'WARN'): void {
  // A test that scrapes SDK metrics installed the runtime (with its Prometheus exporter) already.
  if (quieted || sdkRuntimeInstalled()) return;
  quieted = true;
  Runtime.install({ logger: new DefaultLogger(level) });
}
