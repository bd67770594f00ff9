import type { RouteCandidate, RouteScoringInput } from '../../src/scoring/route-scorer';
import { createSeededRandom } from '../../src/domain/seeded-random';

export function randomCandidates(count: number, nodeCount: number, seed: number): RouteCandidate[] {
  const random = createSeededRandom(seed);
  const anyNode = (): number => Math.floor(random() * nodeCount);
  return Array.from({ length: count }, (_, index) => ({
    warehouseId: `wh-${index % 4}`,
    warehouseNode: anyNode(),
    carrierId: `carrier-${index}`,
    hubNode: anyNode(),
    priceMinor: 500 + Math.floor(random() * 2000),
    etaHours: 12 + Math.floor(random() * 48),
  }));
}

export function randomScoringInput(seed: number, nodeCount: number, candidateCount: number): RouteScoringInput {
  return {
    network: { seed, nodeCount },
    destinationNode: (seed * 7919) % nodeCount,
    candidates: randomCandidates(candidateCount, nodeCount, seed + 1),
  };
}
