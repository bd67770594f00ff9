import { describe, expect, it } from 'vitest';
import { buildRoadNetwork, type RoadNetwork } from '../../src/scoring/road-graph';
import { generateRoadNetwork } from '../../src/scoring/road-network';
import { InvalidScoringInputError } from '../../src/scoring/scoring-errors';

function reachableFrom(network: RoadNetwork, start: number): number {
  const seen = new Uint8Array(network.nodeCount);
  const stack = [start];
  seen[start] = 1;
  let count = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (let road = network.roadStart[node]!; road < network.roadStart[node + 1]!; road++) {
      const next = network.roadTarget[road]!;
      if (seen[next] === 0) {
        seen[next] = 1;
        count++;
        stack.push(next);
      }
    }
  }
  return count;
}

describe('generateRoadNetwork', () => {
  it.each([1, 2, 3, 10, 2_000, 20_001])('builds a connected network of %i nodes', (nodeCount) => {
    const network = generateRoadNetwork({ seed: 42, nodeCount });
    expect(network.nodeCount).toBe(nodeCount);
    expect(reachableFrom(network, 0)).toBe(nodeCount);
  });

  it('is sparse, with an average degree between 4 and 6 and several regions', () => {
    const network = generateRoadNetwork({ seed: 7, nodeCount: 20_000 });
    const averageDegree = network.roadTarget.length / network.nodeCount;
    expect(averageDegree).toBeGreaterThanOrEqual(4);
    expect(averageDegree).toBeLessThanOrEqual(6);
    expect(network.regionCount).toBeGreaterThan(1);
    expect(Math.max(...network.nodeRegion)).toBe(network.regionCount - 1);
  });

  it('gives every road a positive length and drive time', () => {
    const network = generateRoadNetwork({ seed: 7, nodeCount: 5_000 });
    expect(network.roadLengthMeters.every((meters) => meters >= 1)).toBe(true);
    expect(network.roadDriveSeconds.every((seconds) => seconds >= 1)).toBe(true);
  });

  it('is the same network for the same seed and a different one for another seed', () => {
    const first = generateRoadNetwork({ seed: 11, nodeCount: 3_000 });
    const again = generateRoadNetwork({ seed: 11, nodeCount: 3_000 });
    const other = generateRoadNetwork({ seed: 12, nodeCount: 3_000 });
    expect(again).toEqual(first);
    expect(other.nodeXKm).not.toEqual(first.nodeXKm);
  });

  it.each([
    { seed: 1, nodeCount: 0 },
    { seed: 1, nodeCount: 2.5 },
    { seed: -1, nodeCount: 10 },
    { seed: 1.5, nodeCount: 10 },
  ])('refuses the spec %o', (spec) => {
    expect(() => generateRoadNetwork(spec)).toThrow(InvalidScoringInputError);
  });
});

describe('buildRoadNetwork', () => {
  it('makes every road two-way', () => {
    const network = buildRoadNetwork(
      [
        { xKm: 0, yKm: 0, region: 0 },
        { xKm: 1, yKm: 0, region: 0 },
      ],
      [{ from: 0, to: 1, lengthKm: 1.5, roadClass: 'local' }],
    );
    expect([...network.roadTarget]).toEqual([1, 0]);
    expect([...network.roadLengthMeters]).toEqual([1500, 1500]);
  });

  it('refuses a road to a node that does not exist', () => {
    expect(() =>
      buildRoadNetwork([{ xKm: 0, yKm: 0, region: 0 }], [{ from: 0, to: 3, lengthKm: 1, roadClass: 'local' }]),
    ).toThrow(InvalidScoringInputError);
  });
});
