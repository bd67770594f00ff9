import { NetworkCache } from './network-cache';
import { scoreRoutes, scoreRoutesOnNetwork, type RouteScoringInput, type RouteScoringResult } from './route-scorer';

/**
 * The anti-pattern, kept on purpose for the benchmark: scoring on the caller's event loop. While
 * it runs, nothing else in the process moves (no heartbeats, no timers, no other activities);
 * the benchmark measures that cost against the pool. Production code uses ScoringPool.
 */
export function scoreInline(input: RouteScoringInput): RouteScoringResult {
  return scoreRoutes(input);
}

/**
 * The same anti-pattern behind the pool's `score` signature, so the scoring activity can run on it
 * unchanged (`ORDEROPS_INLINE_SCORING=1`, benchmark only). It keeps networks cached like a pool
 * thread does, so the benchmark compares where the work runs, not how much work there is.
 */
export class InlineScorer {
  private readonly networks = new NetworkCache();

  async score(
    input: RouteScoringInput,
    options: { signal?: AbortSignal; onProgress?: (progress: { done: number; total: number }) => void } = {},
  ): Promise<RouteScoringResult> {
    options.signal?.throwIfAborted();
    const network = this.networks.get(input.network);
    return scoreRoutesOnNetwork(network, input, (done, total) => options.onProgress?.({ done, total }));
  }
}
