import { Runtime, makeTelemetryFilterString, type Logger as SdkLogger } from '@temporalio/worker';
import { findFreePort } from '../free-port';

/**
 * Installs the Temporal runtime (once per process, before any worker connection) with its
 * Prometheus exporter on a private loopback port: the SDK's worker metrics (`temporal_*`: slots,
 * pollers, schedule-to-start, sticky cache, task latencies) are then re-served, with OrderOps's
 * own, on the process's one metrics port. Durations in seconds, as Prometheus conventions want.
 * Returns the exporter's `/metrics` URL.
 */
let installed = false;

/** True once installSdkRuntime ran: the runtime installs once per process, and others must not try again. */
export function sdkRuntimeInstalled(): boolean {
  return installed;
}

export async function installSdkRuntime(
  logger: SdkLogger,
  options: { coreLogLevel?: 'WARN' | 'ERROR' } = {},
): Promise<string> {
  const port = await findFreePort();
  installed = true;
  Runtime.install({
    logger,
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: options.coreLogLevel ?? 'WARN' }), forward: {} },
      metrics: {
        prometheus: { bindAddress: `127.0.0.1:${port}`, useSecondsForDurations: true, countersTotalSuffix: true },
      },
    },
  });
  return `http://127.0.0.1:${port}/metrics`;
}
