import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { destinationNodeFor } from '../scoring/destination-node';
import type { NetworkSpec } from '../scoring/road-network';
import type { ReachableRoute, RouteCandidate, RouteScoringInput, RouteScoringResult } from '../scoring/route-scorer';
import { NoCandidatesError, NoReachableRouteError } from '../scoring/scoring-errors';
import { orderOpsMetrics } from '../platform/telemetry/metrics';

export interface ScoreRoutesInput {
  orderId: string;
  destination: { country: string; postalCode: string };
  candidates: RouteCandidate[];
}

export interface ScoreRoutesResult {
  best: ReachableRoute;
  candidates: number;
  reachable: number;
  computeMs: number;
}

/** Anything that scores off the event loop: the worker-thread pool in production. */
export interface RouteScorer {
  score(
    input: RouteScoringInput,
    options: { signal?: AbortSignal; onProgress?: (progress: { done: number; total: number }) => void },
  ): Promise<RouteScoringResult>;
}

/**
 * Route scoring (task queue `route-scoring`): CPU-bound. The main thread only hands the input to
 * a pool thread and heartbeats its progress, so it stays free to hear a cancellation, which
 * aborts the pooled task.
 */
export function createScoringActivities({ scorer, network }: { scorer: RouteScorer; network: NetworkSpec }) {
  return {
    async scoreRoutes(input: ScoreRoutesInput): Promise<ScoreRoutesResult> {
      const ctx = Context.current();
      const started = performance.now();
      const request: RouteScoringInput = {
        network,
        destinationNode: destinationNodeFor(input.destination, network.nodeCount),
        candidates: input.candidates,
      };
      ctx.heartbeat({ done: 0, total: input.candidates.length });
      const timer = orderOpsMetrics().scoringSeconds.startTimer();
      try {
        const result = await scorer.score(request, {
          signal: ctx.cancellationSignal,
          onProgress: (progress) => ctx.heartbeat(progress),
        });
        timer({ outcome: 'ok' });
        return {
          best: result.best,
          candidates: result.ranked.length,
          reachable: result.ranked.filter((route) => route.reachable).length,
          computeMs: Math.round(performance.now() - started),
        };
      } catch (err) {
        timer({ outcome: ctx.cancellationSignal.aborted ? 'cancelled' : 'failed' });
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
        if (err instanceof NoCandidatesError || err instanceof NoReachableRouteError) {
          throw ApplicationFailure.create({ message: err.message, type: 'NoCandidates', nonRetryable: true });
        }
        throw err;
      }
    },
  };
}

export type ScoringActivities = ReturnType<typeof createScoringActivities>;
