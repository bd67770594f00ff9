import { connectWorkerConnection, loadTemporalSettings } from '../platform/temporal-connection';
import { onShutdown, shutdown } from '../platform/shutdown';
import { loadConfig, type OrderOpsConfig } from '../platform/config';
import { createLogger, type Logger } from '../platform/logger';
import type { LogLevel, Logger as SdkLogger, NativeConnection } from '@temporalio/worker';
import { orderOpsMetrics } from '../platform/telemetry/metrics';
import { serveMetrics } from '../platform/telemetry/metrics-endpoint';
import { installSdkRuntime } from '../platform/telemetry/sdk-runtime';
import { startTracing } from '../platform/telemetry/tracing';
import { serveHealth, type Readiness } from '../platform/health-endpoint';

interface RunnableWorkers {
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The shared life of a worker process: config from the environment, structured logs, a
 * connection that waits for the server, and a clean stop on SIGINT/SIGTERM (in-flight tasks
 * finish or are handed back to the server before the process exits).
 */
export async function runWorkerProcess(
  component: string,
  create: (deps: {
    connection: NativeConnection;
    namespace: string;
    config: OrderOpsConfig;
    log: Logger;
  }) => Promise<RunnableWorkers>,
): Promise<void> {
  const log = createLogger(component);
  const sdkMetricsUrl = await installSdkRuntime(new PinoSdkLogger(log));
  const config = loadConfig();
  // Before any worker exists: their interceptors and sinks pick up the tracing this starts.
  const tracing = startTracing(`orderops-${component}`);
  if (tracing) onShutdown(() => tracing.shutdown(), { log });
  if (config.metricsPort !== undefined) {
    const endpoint = await serveMetrics({
      port: config.metricsPort,
      registry: orderOpsMetrics().registry,
      sdkMetricsUrl,
    });
    onShutdown(() => endpoint.close(), { log });
    log.info({ port: endpoint.port }, `metrics on http://127.0.0.1:${endpoint.port}/metrics`);
  }
  // Up before the workers and closed after them (cleanups run newest first): a draining worker
  // answers /readyz with 503 until it exits. Ready once Worker.create has checked server and namespace.
  let state: Readiness = { ready: false, detail: 'starting: connecting to Temporal' };
  if (config.healthPort !== undefined) {
    const health = await serveHealth({ port: config.healthPort, readiness: () => state });
    onShutdown(() => health.close(), { log });
    log.info({ port: health.port }, `health on http://127.0.0.1:${health.port}/livez and /readyz`);
  }
  const settings = loadTemporalSettings();
  const connection = await connectWorkerConnection({ log });
  const workers = await create({ connection, namespace: settings.namespace, config, log });
  onShutdown(
    async () => {
      workers.shutdown();
      await running;
      await connection.close();
    },
    { log },
  );
  log.info(
    { address: settings.address, namespace: settings.namespace, taskQueues: config.taskQueues },
    'worker started',
  );
  state = { ready: true, detail: 'polling' };
  const running = workers.run().catch((err: unknown) => {
    state = { ready: false, detail: `worker failed: ${err instanceof Error ? err.message : String(err)}` };
    log.error({ err }, 'worker stopped with an error');
    void shutdown('worker failed', 1);
  });
  await running;
}

/** Routes the SDK's own log lines into the process's structured logger. */
export class PinoSdkLogger implements SdkLogger {
  constructor(private readonly pino: Logger) {}
  log(level: LogLevel, message: string, meta?: Record<string, unknown>): void {
    const fields = readableFields(meta);
    const method = (isBusinessRejection(message, fields) ? 'info' : level.toLowerCase()) as Lowercase<LogLevel>;
    this.pino[method](fields, message);
  }
  trace(message: string, meta?: Record<string, unknown>): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: Record<string, unknown>): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: Record<string, unknown>): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: Record<string, unknown>): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: Record<string, unknown>): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * The SDK's fields, made readable: its `error` becomes pino's `err` (serialized with message,
 * type and stack; under `error` it printed as `{}`), and task tokens, opaque bytes no one can use
 * in a log, are dropped.
 */
function readableFields(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!meta) return {};
  const { error, taskToken: _taskToken, ...rest } = meta;
  if (error === undefined) return rest;
  const failure = error as { type?: unknown; nonRetryable?: unknown };
  return { ...rest, err: error, ...(typeof failure.type === 'string' ? { failureType: failure.type } : {}) };
}

/**
 * A workflow that ends REJECTED fails with a non-retryable ApplicationFailure: an expected business
 * outcome (a declined card, a fraud rejection), logged at info, not as a warning someone must chase.
 */
function isBusinessRejection(message: string, fields: Record<string, unknown>): boolean {
  if (message !== 'Workflow failed') return false;
  const err = fields.err as { name?: unknown; nonRetryable?: unknown } | undefined;
  return err?.name === 'ApplicationFailure' && err.nonRetryable === true;
}
