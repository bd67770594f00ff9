import type { AddressInfo } from 'node:net';
import { createLogger, type Logger } from '../../platform/logger';
import { SimulatorAdmin } from './admin-client';
import type { SimulatorInfo } from './admin-types';
import { createSimulatorApp } from './server';
import { SimulatorState } from './state';
import { buildWorld } from './world/world';

export interface PartnerSimulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  seed?: number;
  /** Default 12, at most 30. */
  carrierCount?: number;
  /** Nodes of the road network warehouses and hubs sit on; default 2000. */
  networkSize?: number;
  logger?: Logger;
}

export interface PartnerSimulator {
  /** Base URL, e.g. http://127.0.0.1:8090 (no trailing slash). */
  url: string;
  port: number;
  admin: SimulatorAdmin;
  info: SimulatorInfo;
  /** Stops listening and drops open connections, hanging requests included. */
  close(): Promise<void>;
}

// The benchmark opens ~1,000 connections at once; Node's default backlog of 511 could refuse some.
const LISTEN_BACKLOG = 4096;

export async function startPartnerSimulator(options: PartnerSimulatorOptions = {}): Promise<PartnerSimulator> {
  const world = buildWorld({
    seed: options.seed,
    carrierCount: options.carrierCount,
    networkSize: options.networkSize,
  });
  const state = new SimulatorState(world);
  const logger = options.logger ?? createLogger('partner-simulator');
  const app = createSimulatorApp(state, logger);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host, backlog: LISTEN_BACKLOG });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${urlHost(host)}:${port}`;
  logger.info(
    { url, seed: world.seed, carriers: world.carriers.length, networkSize: world.networkSize },
    'partner simulator listening',
  );

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    admin: new SimulatorAdmin(url),
    info: {
      seed: world.seed,
      networkSize: world.networkSize,
      carriers: [...world.carriers],
      warehouses: [...world.warehouses],
      skuCount: world.catalog.length,
    },
    close: () => (closing ??= app.close()),
  };
}

/** Where a client should connect: wildcard addresses are reachable on loopback; IPv6 needs brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

export { SimulatorAdmin, SimulatorAdminError } from './admin-client';
export type { LedgerEntry, LedgerQuery, LedgerResponse, SimulatorInfo, StatsSnapshot } from './admin-types';
export type { ErrorStatus, FaultRule, FaultSpec, LatencySpec } from './faults/spec';
export type { ClientAbort } from './http/stats';
export type { RefusalKind } from './http/refusals';
export type { FaultTarget, OperationTarget, Partner } from './targets';
export type { Carrier, CarrierRate, CatalogItem, Warehouse } from './world/world';
export { DECLINED_PAYMENT_REFERENCE } from './routes/payments';
export { FRAUD_CUSTOMERS } from './routes/fraud-scoring';
export { UNDELIVERABLE_POSTAL_CODE } from './routes/schemas';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './routes/feeds';
