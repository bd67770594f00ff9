import type { FaultSpec } from './faults/spec';
import type { StatsSnapshot } from './http/stats';
import type { LedgerEntry } from './stores/idempotency';
import type { Carrier, Warehouse } from './world/world';

/** Shapes of the `/_admin` answers, shared by the routes and the typed admin client. */
export interface SimulatorInfo {
  seed: number;
  networkSize: number;
  carriers: Carrier[];
  warehouses: Warehouse[];
  skuCount: number;
}

export interface LedgerResponse {
  entries: LedgerEntry[];
}

export interface LedgerQuery {
  partner?: string;
  operation?: string;
  idempotencyKey?: string;
  includeRefusals?: boolean;
}

export type FaultsResponse = FaultSpec;
export type { StatsSnapshot, LedgerEntry };
