import { Pool, errors as undiciErrors } from 'undici';
import {
  PartnerCallError,
  isPermanentRefusal,
  parseRetryAfter,
  transientCodeFor,
  type PartnerName,
} from './partner-errors';
import { orderOpsMetrics } from '../platform/telemetry/metrics';

export interface PartnerCall {
  partner: PartnerName;
  operation: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  /** Required for mutations: the partner acts once per key however often we retry. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

export interface PartnerClientOptions {
  /** Base URL of every partner; `origins` overrides it per partner. */
  baseUrl: string;
  origins?: Partial<Record<PartnerName, string>>;
  /** Connections per partner pool. I/O-bound: sockets are cheap, waiting on a free one is not. */
  connectionsPerPartner?: number;
  /** Hard ceiling for waiting on response headers; the activity's startToClose is normally shorter. */
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
}

/**
 * HTTP to the partners over undici: one keep-alive connection pool per partner, so a partner
 * that hangs exhausts only its own sockets and never starves payments or inventory.
 */
export class PartnerClient {
  private readonly pools = new Map<PartnerName, Pool>();

  constructor(private readonly options: PartnerClientOptions) {}

  /** One partner call, counted and timed by partner, operation and outcome (orderops_partner_calls_total). */
  async call<T>(call: PartnerCall): Promise<T> {
    const metrics = orderOpsMetrics();
    const timer = metrics.partnerCallSeconds.startTimer({ partner: call.partner, operation: call.operation });
    let outcome = 'ok';
    try {
      return await this.send<T>(call);
    } catch (err) {
      outcome = callOutcome(call, err);
      throw err;
    } finally {
      timer();
      metrics.partnerCalls.inc({ partner: call.partner, operation: call.operation, outcome });
    }
  }

  private async send<T>(call: PartnerCall): Promise<T> {
    const pool = this.poolFor(call.partner);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;

    let response;
    try {
      response = await pool.request({
        method: call.method,
        path: call.path,
        headers,
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: call.signal,
      });
    } catch (err) {
      throw this.networkFailure(call, err);
    }

    let text: string;
    try {
      text = await response.body.text();
    } catch (err) {
      throw this.networkFailure(call, err);
    }
    const payload = parseJson(text);
    if (response.statusCode >= 200 && response.statusCode < 300) return payload as T;

    const refusal = (payload ?? {}) as { error?: unknown; message?: unknown };
    const detail = typeof refusal.message === 'string' ? refusal.message : text.slice(0, 200);
    if (isPermanentRefusal(response.statusCode)) {
      const code = typeof refusal.error === 'string' ? refusal.error : `Http${response.statusCode}`;
      throw new PartnerCallError(
        `${call.partner} refused ${call.operation}: ${code}${detail ? ` (${detail})` : ''}`,
        call.partner,
        call.operation,
        code,
        false,
        response.statusCode,
      );
    }
    const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
    throw new PartnerCallError(
      `${call.partner} ${call.operation} answered HTTP ${response.statusCode}${retryAfterMs !== undefined ? ` (Retry-After ${retryAfterMs} ms)` : ''}`,
      call.partner,
      call.operation,
      transientCodeFor(response.statusCode),
      true,
      response.statusCode,
      retryAfterMs,
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.pools.clear();
  }

  private poolFor(partner: PartnerName): Pool {
    let pool = this.pools.get(partner);
    if (!pool) {
      const origin = this.options.origins?.[partner] ?? this.options.baseUrl;
      pool = new Pool(origin, {
        connections: this.options.connectionsPerPartner ?? 128,
        keepAliveTimeout: 30_000,
        connectTimeout: 5_000,
        headersTimeout: this.options.headersTimeoutMs ?? 60_000,
        bodyTimeout: this.options.bodyTimeoutMs ?? 60_000,
      });
      this.pools.set(partner, pool);
    }
    return pool;
  }

  private networkFailure(call: PartnerCall, err: unknown): Error {
    // Our own abort (activity cancelled or timed out) is not a partner failure: let it through as is.
    if (call.signal?.aborted || err instanceof undiciErrors.RequestAbortedError) return err as Error;
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return new PartnerCallError(
      `${call.partner} ${call.operation} failed on the network: ${reason}`,
      call.partner,
      call.operation,
      'PartnerUnreachable',
      true,
    );
  }
}

function callOutcome(call: PartnerCall, err: unknown): string {
  if (!(err instanceof PartnerCallError)) return call.signal?.aborted ? 'cancelled' : 'error';
  if (err.code === 'PartnerUnreachable') return 'unreachable';
  return err.retryable ? 'transient' : 'refused';
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
