import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection, type ClientOptions } from '@temporalio/client';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import { NativeConnection } from '@temporalio/worker';
import type { Logger } from './logger';

export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

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
    Connection.connect({ ...settings.connectionOptions, tls: settings.connectionOptions.tls ?? null, connectTimeout: attemptTimeoutMs }),
  );
  const client = new Client({ ...options.clientOptions, connection, namespace: settings.namespace });
  return { client, connection, namespace: settings.namespace };
}

/** The connection a Worker polls with; the namespace is `loadTemporalSettings().namespace`. */
export async function connectWorkerConnection(options: ConnectOptions = {}): Promise<NativeConnection> {
  const settings = loadTemporalSettings(options.env);
  return withRetries(settings, options, () => NativeConnection.connect(settings.connectionOptions));
}

export class TemporalUnreachableError extends Error {
  override name = 'TemporalUnreachableError';
}

const MAX_ATTEMPT_TIMEOUT_MS = 5_000;

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
          `cannot reach Temporal at ${settings.address} (namespace ${settings.namespace}) after ${attempt} attempts: ${message}`,
          { cause: error },
        );
      }
      options.log?.warn({ address: settings.address, attempt, error: message }, 'Temporal not reachable yet, retrying');
      await sleep(delayMs);
      delayMs = Math.min(delayMs * 2, 2_000);
    }
  }
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) result[key] = value;
  return result;
}
