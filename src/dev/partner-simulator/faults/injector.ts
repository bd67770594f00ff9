import { hash32, normalSample, seededRandom, type Random } from '../world/random';
import type { RefusalKind } from '../http/refusals';
import type { ErrorStatus, FaultRule, FaultSpec, LatencySpec } from './spec';

/** A rule in force, with its own count of the requests it has decided on (for failFirst). */
export interface ActiveRule {
  readonly rule: FaultRule;
  decided: number;
}

/** Failures that happen before the partner acts: nothing is done and nothing is remembered. */
export type TransientFault =
  { kind: 'error'; status: ErrorStatus; retryAfterSeconds?: number } | { kind: 'hang' } | { kind: 'reset' };

export class FaultInjector {
  private rules = new Map<string, ActiveRule>();
  private random: Random;

  constructor(private readonly seed: number) {
    this.random = this.freshRandom();
  }

  /** Replaces every rule; failFirst counts and the random stream start over, so a spec replays the same way. */
  set(spec: FaultSpec): void {
    this.rules = new Map(spec.rules.map((rule) => [rule.target, { rule, decided: 0 }]));
    this.random = this.freshRandom();
  }

  clear(): void {
    this.set({ rules: [] });
  }

  spec(): FaultSpec {
    return { rules: [...this.rules.values()].map((active) => active.rule) };
  }

  /** `targets` most specific first; the first with a rule wins alone. */
  ruleFor(targets: readonly string[]): ActiveRule | undefined {
    if (this.rules.size === 0) return undefined;
    for (const target of targets) {
      const active = this.rules.get(target);
      if (active) return active;
    }
    return undefined;
  }

  latencyMs(active: ActiveRule | undefined): number {
    const latency = active?.rule.latency;
    return latency === undefined ? 0 : Math.round(this.sample(latency));
  }

  transientFailure(active: ActiveRule | undefined): TransientFault | undefined {
    if (!active) return undefined;
    const { rule } = active;
    if (rule.refuse !== undefined || rule.lateAnswerMs !== undefined || !this.selects(active)) return undefined;
    if (rule.hang) return { kind: 'hang' };
    if (rule.resetConnection) return { kind: 'reset' };
    const status = rule.errorStatus ?? 503;
    const retryAfterSeconds = rule.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
    return retryAfterSeconds === undefined ? { kind: 'error', status } : { kind: 'error', status, retryAfterSeconds };
  }

  /** Asked only once a request is past the transient faults and is not a replay. */
  refusal(active: ActiveRule | undefined): RefusalKind | undefined {
    const refuse = active?.rule.refuse;
    return refuse !== undefined && active && this.selects(active) ? refuse : undefined;
  }

  /** How long to hold back an answer the partner has already acted on; asked for first requests and replays alike. */
  lateAnswerMs(active: ActiveRule | undefined): number | undefined {
    const late = active?.rule.lateAnswerMs;
    return late !== undefined && active && this.selects(active) ? late : undefined;
  }

  private selects(active: ActiveRule): boolean {
    const { rule } = active;
    const hasMode =
      rule.errorStatus !== undefined ||
      rule.hang === true ||
      rule.resetConnection === true ||
      rule.refuse !== undefined ||
      rule.lateAnswerMs !== undefined;
    const hasSelector = rule.failFirst !== undefined || rule.errorRate !== undefined;
    if (!hasSelector) return hasMode;
    active.decided += 1;
    if (rule.failFirst !== undefined && active.decided <= rule.failFirst) return true;
    return rule.errorRate !== undefined && this.random() < rule.errorRate;
  }

  private sample(latency: LatencySpec): number {
    if (typeof latency === 'number') return latency;
    if ('uniform' in latency) {
      const [min, max] = latency.uniform;
      return min + this.random() * (max - min);
    }
    return Math.max(0, normalSample(this.random, latency.normal.meanMs, latency.normal.stddevMs));
  }

  private freshRandom(): Random {
    return seededRandom(hash32(this.seed, 'faults'));
  }
}
