/** A request whose client closed the connection before the simulator had answered it in full. */
export interface ClientAbort {
  /** The operation target, e.g. `payments.authorize`. */
  target: string;
  carrierId?: string;
  method: string;
  path: string;
  idempotencyKey: string | null;
  /** When the client went away (ISO time), and how long after the request arrived. */
  at: string;
  elapsedMs: number;
  /** `waiting`: nothing sent yet (latency or hang); `body`: headers sent, body still dribbling. */
  phase: 'waiting' | 'body';
}

export interface StatsSnapshot {
  inFlight: Record<string, number>;
  maxInFlight: Record<string, number>;
  requests: Record<string, number>;
  /** Per target, how many different idempotency keys asked (retries of one call count once). */
  distinctKeys: Record<string, number>;
  /** Per target, answers by status code (faulted ones included). */
  responses: Record<string, Record<string, number>>;
  clientAborts: ClientAbort[];
  /** Aborts beyond the kept list still count here. */
  clientAbortCount: number;
  since: string;
}

// Enough for any test or benchmark to inspect; a long-running simulator must not grow without bound.
const KEPT_ABORTS = 10_000;
const KEPT_KEYS_PER_TARGET = 100_000;

/** Counters keyed by target name (partner, operation and carrier), updated on every request. */
export class StatsRecorder {
  private readonly inFlight = new Map<string, number>();
  private maxInFlight = new Map<string, number>();
  private requests = new Map<string, number>();
  private keys = new Map<string, Set<string>>();
  private responses = new Map<string, Map<number, number>>();
  private clientAborts: ClientAbort[] = [];
  private clientAbortCount = 0;
  private since = new Date();

  begin(targets: readonly string[], idempotencyKey: string | null): void {
    for (const target of targets) {
      this.requests.set(target, (this.requests.get(target) ?? 0) + 1);
      if (idempotencyKey !== null) this.rememberKey(target, idempotencyKey);
      const current = (this.inFlight.get(target) ?? 0) + 1;
      this.inFlight.set(target, current);
      if (current > (this.maxInFlight.get(target) ?? 0)) this.maxInFlight.set(target, current);
    }
  }

  end(targets: readonly string[]): void {
    for (const target of targets) this.inFlight.set(target, (this.inFlight.get(target) ?? 1) - 1);
  }

  answered(targets: readonly string[], status: number): void {
    for (const target of targets) {
      let byStatus = this.responses.get(target);
      if (!byStatus) this.responses.set(target, (byStatus = new Map()));
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    }
  }

  private rememberKey(target: string, key: string): void {
    let keys = this.keys.get(target);
    if (!keys) this.keys.set(target, (keys = new Set()));
    if (keys.size < KEPT_KEYS_PER_TARGET) keys.add(key);
  }

  clientAborted(abort: ClientAbort): void {
    this.clientAbortCount += 1;
    if (this.clientAborts.length < KEPT_ABORTS) this.clientAborts.push(abort);
  }

  /** Starts a new measurement window. In-flight requests are live and stay counted; maxima restart from them. */
  reset(): void {
    this.maxInFlight = new Map([...this.inFlight].filter(([, count]) => count > 0));
    this.requests = new Map();
    this.keys = new Map();
    this.responses = new Map();
    this.clientAborts = [];
    this.clientAbortCount = 0;
    this.since = new Date();
  }

  snapshot(): StatsSnapshot {
    return {
      inFlight: Object.fromEntries(this.inFlight),
      maxInFlight: Object.fromEntries(this.maxInFlight),
      requests: Object.fromEntries(this.requests),
      distinctKeys: Object.fromEntries([...this.keys].map(([target, keys]) => [target, keys.size])),
      responses: Object.fromEntries(
        [...this.responses].map(([target, byStatus]) => [target, Object.fromEntries(byStatus)]),
      ),
      clientAborts: [...this.clientAborts],
      clientAbortCount: this.clientAbortCount,
      since: this.since.toISOString(),
    };
  }
}
