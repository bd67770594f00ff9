import { OrderOpsClient } from '../client/orderops-client';
import { lazyClient, loadTemporalSettings, TEMPORAL_UNREACHABLE_HINT } from '../../platform/temporal-connection';
import { onShutdown } from '../../platform/shutdown';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { orderOpsMetrics } from '../../platform/telemetry/metrics';
import { serveMetrics } from '../../platform/telemetry/metrics-endpoint';
import { startTracing } from '../../platform/telemetry/tracing';
import { loadApiKeys } from './auth/api-keys';
import { apiBindHost } from './auth/bind-policy';
import { buildApi } from './build-api';

/** `orderops api`: the HTTP front door on ORDEROPS_API_PORT (default 8080). */
export async function runApi(): Promise<void> {
  const log = createLogger('api');
  const config = loadConfig();
  // Checked before anything starts: a refused bind must fail fast, with its reason.
  const apiKeys = loadApiKeys();
  const host = apiBindHost(config.apiHost, apiKeys.length > 0);
  if (apiKeys.length === 0)
    log.warn({ host }, 'API authentication is off (no ORDEROPS_API_KEYS): listening on loopback only');
  else log.info({ host, keys: apiKeys.map((key) => key.name) }, 'API keys required');
  const tracing = startTracing('orderops-api');
  if (tracing) onShutdown(() => tracing.shutdown(), { log });
  if (config.metricsPort !== undefined) {
    const endpoint = await serveMetrics({ port: config.metricsPort, registry: orderOpsMetrics().registry });
    onShutdown(() => endpoint.close(), { log });
    log.info({ port: endpoint.port }, `metrics on http://127.0.0.1:${endpoint.port}/metrics`);
  }
  // Lazy: the API listens even while Temporal is unreachable, so callers get /healthz and a 503
  // with Retry-After instead of connection refused; each call connects (again) when it can.
  const settings = loadTemporalSettings();
  // Encrypts like the workers (ORDEROPS_ENCRYPTION_KEYS) and carries the request's trace into the workflow.
  const { client, connection } = lazyClient();
  connection
    .ensureConnected()
    .catch((error: unknown) =>
      log.warn(
        { address: settings.address, error: error instanceof Error ? error.message : String(error) },
        `Temporal not reachable yet: ${TEMPORAL_UNREACHABLE_HINT}; the API answers 503 until it is`,
      ),
    );
  const app = await buildApi({ orders: new OrderOpsClient(client, config.taskQueues), client, log, apiKeys });
  // Registered before listening, so a signal during start-up still closes the connection.
  onShutdown(() => connection.close(), { log });
  // Newest first: stop taking requests and finish the in-flight ones before the connection goes.
  onShutdown(() => app.close(), { log });
  await app.listen({ port: config.apiPort, host });
}
