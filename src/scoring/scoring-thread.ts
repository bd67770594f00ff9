import type { MessagePort } from 'node:worker_threads';
import { NetworkCache } from './network-cache';
import { assertValidNetworkSpec } from './road-network';
import { scoreRoutesOnNetwork, type RouteScoringInput, type RouteScoringResult } from './route-scorer';
import { RouteScoringError, serializeScoringError, type SerializedScoringError } from './scoring-errors';

/** Runs inside a pool thread (loaded by piscina); one cache per thread, kept while the thread lives. */
export interface ScoringTask {
  input: RouteScoringInput;
  progressPort?: MessagePort;
}

export interface ScoringProgressMessage {
  done: number;
  total: number;
}

export type ScoringTaskOutcome =
  { ok: true; result: RouteScoringResult } | { ok: false; error: SerializedScoringError };

const networks = new NetworkCache();

export default function scoreInThread(task: ScoringTask): ScoringTaskOutcome {
  const { input, progressPort } = task;
  try {
    assertValidNetworkSpec(input.network);
    const report = (done: number, total: number): void =>
      progressPort?.postMessage({ done, total } satisfies ScoringProgressMessage);
    return { ok: true, result: scoreRoutesOnNetwork(networks.get(input.network), input, report) };
  } catch (error) {
    // Typed scoring errors travel as data: structured clone would turn them into plain Errors.
    if (error instanceof RouteScoringError) return { ok: false, error: serializeScoringError(error) };
    throw error;
  } finally {
    progressPort?.close();
  }
}
