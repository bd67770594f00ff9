import { scoreRoutes, type RouteScoringInput, type RouteScoringResult } from './route-scorer';

/**
 * The anti-pattern, kept on purpose for the benchmark: scoring on the caller's event loop. While
 * it runs, nothing else in the process moves (no heartbeats, no timers, no other activities);
 * the benchmark measures that cost against the pool. Production code uses ScoringPool.
 */
export function scoreInline(input: RouteScoringInput): RouteScoringResult {
  return scoreRoutes(input);
}
