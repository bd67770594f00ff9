import { NetworkCache } from '../../src/scoring/network-cache';
import { scoreRoutesOnNetwork, type RouteScoringInput, type RouteScoringResult } from '../../src/scoring/route-scorer';

/**
 * The anti-pattern, kept for the benchmark only: scoring on the caller's event loop, behind the
 * pool's `score` signature so the scoring activity runs on it unchanged. While it runs, nothing
 * else in the process moves (no heartbeats, no timers, no other activities). It keeps networks
 * cached like a pool thread does, so the benchmark compares where the work runs, not how much.
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
