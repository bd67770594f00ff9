import type { Partner } from '../targets';

/** A mutation the simulator accepted (2xx), as `GET /_admin/ledger` shows it. */
export interface LedgerEntry {
  idempotencyKey: string;
  partner: Partner;
  carrierId?: string;
  /** The operation target, e.g. `payments.authorize`. */
  operation: string;
  method: string;
  path: string;
  request: unknown;
  status: number;
  response: unknown;
  firstSeenAt: string;
  lastSeenAt: string;
  /** The first time plus every replay. */
  timesSeen: number;
}

export interface Remembered extends LedgerEntry {
  /** Idempotency keys are unique per partner (per carrier for carriers), as at real companies. */
  scope: string;
  /** Method, path and canonical body: what "the same request" means for key reuse. */
  fingerprint: string;
}

export interface LedgerFilter {
  partner?: string;
  operation?: string;
  idempotencyKey?: string;
  /** Also list remembered refusals (4xx), which are not mutations. */
  includeRefusals?: boolean;
}

/** Every answer given under an idempotency key, in arrival order; the 2xx ones form the ledger. */
export class IdempotencyStore {
  private entries = new Map<string, Remembered>();

  reset(): void {
    this.entries = new Map();
  }

  lookup(scope: string, idempotencyKey: string): Remembered | undefined {
    return this.entries.get(entryKey(scope, idempotencyKey));
  }

  remember(entry: Omit<Remembered, 'firstSeenAt' | 'lastSeenAt' | 'timesSeen'>): void {
    const now = new Date().toISOString();
    this.entries.set(entryKey(entry.scope, entry.idempotencyKey), {
      ...entry,
      firstSeenAt: now,
      lastSeenAt: now,
      timesSeen: 1,
    });
  }

  markReplayed(entry: Remembered): void {
    entry.timesSeen += 1;
    entry.lastSeenAt = new Date().toISOString();
  }

  ledger(filter: LedgerFilter = {}): LedgerEntry[] {
    const listed: LedgerEntry[] = [];
    for (const entry of this.entries.values()) {
      if (!filter.includeRefusals && !isAccepted(entry.status)) continue;
      if (filter.partner && entry.partner !== filter.partner) continue;
      if (filter.operation && entry.operation !== filter.operation) continue;
      if (filter.idempotencyKey && entry.idempotencyKey !== filter.idempotencyKey) continue;
      const { scope: _scope, fingerprint: _fingerprint, ...visible } = entry;
      listed.push(visible);
    }
    return listed;
  }
}

export function isAccepted(status: number): boolean {
  return status >= 200 && status < 300;
}

export function fingerprintOf(method: string, path: string, body: unknown): string {
  return `${method} ${path} ${canonicalJson(body)}`;
}

/** JSON with object keys sorted, so key order in a client's body does not count as a different request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function entryKey(scope: string, idempotencyKey: string): string {
  return `${scope}\u0000${idempotencyKey}`;
}
