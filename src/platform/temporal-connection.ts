import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, type ClientOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from './config';
import { orderOpsDataConverter } from './encryption/data-converter';
import { clientTracingInterceptors } from './telemetry/client-tracing';
import type { Logger } from './logger';

export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

/** What to do when Temporal cannot be reached, in every process's words. */
export const TEMPORAL_UNREACHABLE_HINT =
  'is `npm start` running? or set TEMPORAL_ADDRESS (and TEMPORAL_NAMESPACE) to your Temporal server';

/**
 * Temporal's own environment configuration (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY,
 * TEMPORAL_TLS_*, TEMPORAL_PROFILE and the TOML config file), read by @temporalio/envconfig so
 * OrderOps connects exactly like the `temporal` CLI does with the same settings.
 */
export interface TemporalSettings {
  address: string;
  namespace: string;
  connectionOptions: ReturnType<typeof loadClientConnectConfig>['connectionOptions'];
}

export function loadTemporalSettings(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const { connectionOptions, namespace } = loadClientConnectConfig({ overrideEnvVars: definedOnly(env) });
  const address = connectionOptions.address ?? DEFAULT_TEMPORAL_ADDRESS;
  return {
    address,
    namespace: namespace ?? DEFAULT_TEMPORAL_NAMESPACE,
    connectionOptions: { ...connectionOptions, address },
  };
}

export interface ConnectOptions {
  env?: NodeJS.ProcessEnv;
  log?: Logger;
  /** How long to keep retrying an unreachable server; covers a server that is still starting. */
  waitMs?: number;
}

export interface ConnectedClient {
  client: Client;
  connection: Connection;
  namespace: string;
}

export async function connectClient(
  options: ConnectOptions & { clientOptions?: Omit<ClientOptions, 'connection' | 'namespace'> } = {},
): Promise<ConnectedClient> {
  const settings = loadTemporalSettings(options.env);
  const connection = await withRetries(settings, options, (attemptTimeoutMs) =>
    Connection.connect({
      ...settings.connectionOptions,
      tls: settings.connectionOptions.tls ?? null,
      connectTimeout: attemptTimeoutMs,
    }),
  );
  // Every client encrypts and decrypts like the workers do (ORDEROPS_ENCRYPTION_KEYS), unless told otherwise.
  const dataConverter =
    options.clientOptions?.dataConverter ?? orderOpsDataConverter(loadConfig(options.env).encryption);
  const interceptors = options.clientOptions?.interceptors ?? clientTracingInterceptors();
  const client = new Client({
    ...options.clientOptions,
    dataConverter,
    interceptors,
    connection,
    namespace: settings.namespace,
  });
  return { client, connection, namespace: settings.namespace };
}

/**
 * A client that connects on first use and again after the server comes back: for a process that
 * must serve while Temporal is unreachable (the API answers 503 instead of refusing connections).
 */
export function lazyClient(options: { env?: NodeJS.ProcessEnv } = {}): ConnectedClient {
  const settings = loadTemporalSettings(options.env);
  const connection = Connection.lazy({ ...settings.connectionOptions, tls: settings.connectionOptions.tls ?? null });
  const dataConverter = orderOpsDataConverter(loadConfig(options.env).encryption);
  return {
    client: new Client({
      dataConverter,
      interceptors: clientTracingInterceptors(),
      connection,
      namespace: settings.namespace,
    }),
    connection,
    namespace: settings.namespace,
  };
}

/**
 * The connection a Worker polls with; the namespace is `loadTemporalSettings().namespace`. A worker
 * waits for its server until stopped (unless `waitMs` says otherwise): being there when it comes
 * back is its job.
 */
export async function connectWorkerConnection(options: ConnectOptions = {}): Promise<NativeConnection> {
  const settings = loadTemporalSettings(options.env);
  return withRetries(settings, { waitMs: Number.POSITIVE_INFINITY, ...options }, () =>
    NativeConnection.connect(settings.connectionOptions),
  );
}

export class TemporalUnreachableError extends Error {
  override name = 'TemporalUnreachableError';
}

const MAX_ATTEMPT_TIMEOUT_MS = 5_000;
const MAX_RETRY_DELAY_MS = 15_000;

async function withRetries<T>(
  settings: TemporalSettings,
  options: ConnectOptions,
  connect: (attemptTimeoutMs: number) => Promise<T>,
): Promise<T> {
  const waitMs = options.waitMs ?? 30_000;
  const deadline = Date.now() + waitMs;
  let delayMs = 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect(Math.max(250, Math.min(MAX_ATTEMPT_TIMEOUT_MS, deadline - Date.now())));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (Date.now() + delayMs > deadline) {
        throw new TemporalUnreachableError(
          `cannot reach Temporal at ${settings.address} (namespace ${settings.namespace}) after ${attempt} attempts: ${TEMPORAL_UNREACHABLE_HINT} (${message})`,
          { cause: error },
        );
      }
      // Said once, with what to do; later attempts back off quietly instead of repeating a transport error.
      if (attempt === 1) {
        options.log?.warn(
          { address: settings.address, namespace: settings.namespace, error: message },
          `cannot reach Temporal at ${settings.address} yet: ${TEMPORAL_UNREACHABLE_HINT}; retrying with backoff`,
        );
      } else {
        options.log?.debug({ address: settings.address, attempt, error: message }, 'Temporal still not reachable');
      }
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, MAX_RETRY_DELAY_MS);
    }
  }
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
