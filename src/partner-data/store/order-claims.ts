import Database from 'better-sqlite3';
import pg from 'pg';
import type { OrderOpsConfig } from '../../platform/config';

/** Who processed an order id first: the run chain (its first run id) that claimed it, and when. */
export interface OrderClaim {
  orderId: string;
  workflowId: string;
  /** The first run id of the chain that claimed it: resets and continue-as-new keep it, a new start does not. */
  firstRunId: string;
  claimedAt: string;
}

export type ClaimAnswer = { claimed: true } | { claimed: false; earlier: OrderClaim };

/**
 * A durable record of the order ids OrderOps has started processing, kept for ever (unlike a
 * closed workflow, which leaves visibility after the namespace's retention). A second run under an
 * order id that an earlier run claimed must not touch any partner: the partners' idempotency keys
 * would hand it the first run's reservation, authorization and booking back.
 */
export interface OrderClaims {
  /** Claims `orderId` for this run chain, or answers who claimed it before. Idempotent per chain. */
  claim(claim: Omit<OrderClaim, 'claimedAt'>): Promise<ClaimAnswer>;
  close(): Promise<void>;
}

const BUSY_TIMEOUT_MS = 5_000;

/** The embedded default: a table in the local SQLite partner store file. */
export class SqliteOrderClaims implements OrderClaims {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS order_claims (
      order_id TEXT PRIMARY KEY,
      workflow_id TEXT NOT NULL,
      first_run_id TEXT NOT NULL,
      claimed_at TEXT NOT NULL
    ) STRICT`);
  }

  async claim(claim: Omit<OrderClaim, 'claimedAt'>): Promise<ClaimAnswer> {
    this.db
      .prepare(
        'INSERT INTO order_claims (order_id, workflow_id, first_run_id, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING',
      )
      .run(claim.orderId, claim.workflowId, claim.firstRunId, new Date().toISOString());
    const row = this.db
      .prepare(
        'SELECT order_id AS orderId, workflow_id AS workflowId, first_run_id AS firstRunId, claimed_at AS claimedAt FROM order_claims WHERE order_id = ?',
      )
      .get(claim.orderId) as OrderClaim;
    return row.firstRunId === claim.firstRunId ? { claimed: true } : { claimed: false, earlier: row };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** PostgreSQL (`ORDEROPS_STORE_URL`): one claim table shared by every I/O worker of a cluster. */
export class PostgresOrderClaims implements OrderClaims {
  private ready: Promise<unknown> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  async claim(claim: Omit<OrderClaim, 'claimedAt'>): Promise<ClaimAnswer> {
    this.ready ??= this.pool.query(`CREATE TABLE IF NOT EXISTS order_claims (
      order_id TEXT PRIMARY KEY,
      workflow_id TEXT NOT NULL,
      first_run_id TEXT NOT NULL,
      claimed_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    await this.ready;
    await this.pool.query(
      'INSERT INTO order_claims (order_id, workflow_id, first_run_id) VALUES ($1, $2, $3) ON CONFLICT (order_id) DO NOTHING',
      [claim.orderId, claim.workflowId, claim.firstRunId],
    );
    const { rows } = await this.pool.query<{ workflow_id: string; first_run_id: string; claimed_at: Date }>(
      'SELECT workflow_id, first_run_id, claimed_at FROM order_claims WHERE order_id = $1',
      [claim.orderId],
    );
    const row = rows[0];
    if (!row) throw new Error(`order ${claim.orderId}: claim row missing right after insert`);
    if (row.first_run_id === claim.firstRunId) return { claimed: true };
    return {
      claimed: false,
      earlier: {
        orderId: claim.orderId,
        workflowId: row.workflow_id,
        firstRunId: row.first_run_id,
        claimedAt: row.claimed_at.toISOString(),
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Claims live beside the partner store: PostgreSQL when `ORDEROPS_STORE_URL` is set, else the SQLite file. */
export function openOrderClaims(config: Pick<OrderOpsConfig, 'storePath' | 'storeUrl'>): OrderClaims {
  if (config.storeUrl) return new PostgresOrderClaims(new pg.Pool({ connectionString: config.storeUrl, max: 4 }));
  return new SqliteOrderClaims(config.storePath);
}
