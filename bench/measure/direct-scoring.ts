import type { ScoreRoutesInput } from '../../src/activities/scoring-activities';
import { destinationNodeFor } from '../../src/scoring/destination-node';
import { generateRoadNetwork, type NetworkSpec } from '../../src/scoring/road-network';
import { scoreRoutesOnNetwork } from '../../src/scoring/route-scorer';
import { median, round } from './stats';

const REPEATS = 3;

/**
 * The scorer's own compute time for the inputs orders really sent (taken from their histories),
 * on this thread with the network already built: the floor no deployment can go under.
 */
export function directScoringMs(
  inputs: readonly ScoreRoutesInput[],
  network: NetworkSpec,
): { p50Ms: number | null; candidatesP50: number | null } {
  if (inputs.length === 0) return { p50Ms: null, candidatesP50: null };
  const graph = generateRoadNetwork(network);
  const timings: number[] = [];
  for (const input of inputs) {
    const request = {
      destinationNode: destinationNodeFor(input.destination, network.nodeCount),
      candidates: input.candidates,
    };
    const runs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const started = performance.now();
      scoreRoutesOnNetwork(graph, request);
      runs.push(performance.now() - started);
    }
    timings.push(median(runs) as number);
  }
  return {
    p50Ms: round(median(timings)),
    candidatesP50: median(inputs.map((input) => input.candidates.length)) ?? null,
  };
}
