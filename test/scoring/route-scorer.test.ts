import { describe, expect, it } from 'vitest';
import { buildRoadNetwork, type NodeSpec } from '../../src/scoring/road-graph';
import {
  scoreRoutes,
  scoreRoutesOnNetwork,
  type RouteCandidate,
  type RouteScoringRequest,
} from '../../src/scoring/route-scorer';
import { InvalidScoringInputError, NoCandidatesError, NoReachableRouteError } from '../../src/scoring/scoring-errors';
import { randomScoringInput } from './scoring-fixtures';

/**
 *   warehouse A (0) --10 km local-- hub X (1) --20 km regional------------- destination (5)
 *                                        \--12 km motorway-- (6) --12 km motorway--/
 *   warehouse B (2) --5 km motorway-- hub Y (3) --5 km motorway-- destination (5)
 *   warehouse C (4): no roads.   warehouse D (7) --3 km local-- hub Z (8): an island.
 */
const nodes: NodeSpec[] = Array.from({ length: 9 }, (_, index) => ({ xKm: index, yKm: 0, region: index < 7 ? 0 : 1 }));
const network = buildRoadNetwork(nodes, [
  { from: 0, to: 1, lengthKm: 10, roadClass: 'local' },
  { from: 1, to: 5, lengthKm: 20, roadClass: 'regional' },
  { from: 1, to: 6, lengthKm: 12, roadClass: 'motorway' },
  { from: 6, to: 5, lengthKm: 12, roadClass: 'motorway' },
  { from: 2, to: 3, lengthKm: 5, roadClass: 'motorway' },
  { from: 3, to: 5, lengthKm: 5, roadClass: 'motorway' },
  { from: 7, to: 8, lengthKm: 3, roadClass: 'local' },
]);
const DESTINATION = 5;

const viaX: RouteCandidate = {
  warehouseId: 'wh-A',
  warehouseNode: 0,
  carrierId: 'carrier-x',
  hubNode: 1,
  priceMinor: 1000,
  etaHours: 24,
};
const viaY: RouteCandidate = {
  warehouseId: 'wh-B',
  warehouseNode: 2,
  carrierId: 'carrier-y',
  hubNode: 3,
  priceMinor: 1200,
  etaHours: 24,
};
const fromNowhere: RouteCandidate = {
  warehouseId: 'wh-C',
  warehouseNode: 4,
  carrierId: 'carrier-y',
  hubNode: 3,
  priceMinor: 100,
  etaHours: 1,
};
const fromIsland: RouteCandidate = {
  warehouseId: 'wh-D',
  warehouseNode: 7,
  carrierId: 'carrier-z',
  hubNode: 8,
  priceMinor: 100,
  etaHours: 1,
};

function score(request: Partial<RouteScoringRequest> & Pick<RouteScoringRequest, 'candidates'>) {
  return scoreRoutesOnNetwork(network, { destinationNode: DESTINATION, ...request });
}

describe('scoreRoutesOnNetwork on a hand-built network', () => {
  it('prices each route by hand-checkable rules and picks the cheapest score', () => {
    const result = score({ candidates: [viaX, viaY] });
    // B: 2 x 5 km motorway at 110 km/h = 2 x 164 s; cost 1200 + 10 km x 15 + round(328 s x 3000/h) = 1623.
    const expectedB = {
      reachable: true,
      warehouseId: 'wh-B',
      carrierId: 'carrier-y',
      distanceKm: 10,
      driveHours: 0.091,
      etaHours: 24.091,
      costMinor: 1623,
      score: 2827.55,
    };
    // A takes the faster motorway detour (24 km, 786 s) over the shorter regional road (20 km, 1029 s):
    // 900 s + 786 s = 1686 s, 34 km; cost 1000 + 510 + 1405 = 2915.
    const expectedA = {
      reachable: true,
      warehouseId: 'wh-A',
      carrierId: 'carrier-x',
      distanceKm: 34,
      driveHours: 0.468,
      etaHours: 24.468,
      costMinor: 2915,
      score: 4138.4,
    };
    expect(result.best).toEqual(expectedB);
    expect(result.ranked).toEqual([expectedB, expectedA]);
  });

  it('lets the weights decide between cheap and fast', () => {
    const express: RouteCandidate = { ...viaX, carrierId: 'express', priceMinor: 9000, etaHours: 2 };
    expect(score({ candidates: [viaX, viaY, express] }).best.carrierId).toBe('carrier-y');
    expect(
      score({ candidates: [viaX, viaY, express], weights: { costPerMinor: 0, costPerHour: 1 } }).best.carrierId,
    ).toBe('express');
  });

  it('ranks unreachable candidates last and says which leg has no road', () => {
    const { ranked } = score({ candidates: [fromNowhere, fromIsland, viaX, viaY] });
    expect(ranked.map((route) => route.warehouseId)).toEqual(['wh-B', 'wh-A', 'wh-C', 'wh-D']);
    expect(ranked[2]).toMatchObject({
      reachable: false,
      unreachableLeg: 'warehouse-to-hub',
      score: null,
      costMinor: null,
    });
    expect(ranked[3]).toMatchObject({ reachable: false, unreachableLeg: 'hub-to-destination' });
  });

  it('breaks score ties by warehouse id, then carrier id, whatever the input order', () => {
    const twins = [
      { ...viaY, warehouseId: 'wh-2', carrierId: 'b' },
      { ...viaY, warehouseId: 'wh-1', carrierId: 'b' },
      { ...viaY, warehouseId: 'wh-1', carrierId: 'a' },
    ];
    const order = (candidates: RouteCandidate[]) =>
      score({ candidates }).ranked.map((route) => `${route.warehouseId}/${route.carrierId}`);
    expect(order(twins)).toEqual(['wh-1/a', 'wh-1/b', 'wh-2/b']);
    expect(order([...twins].reverse())).toEqual(['wh-1/a', 'wh-1/b', 'wh-2/b']);
  });

  it('throws NoCandidatesError for an empty candidate list', () => {
    expect(() => score({ candidates: [] })).toThrow(NoCandidatesError);
  });

  it('throws NoReachableRouteError when no candidate reaches the destination', () => {
    expect(() => score({ candidates: [fromNowhere, fromIsland] })).toThrow(NoReachableRouteError);
  });

  it('names the offending field of bad input', () => {
    expect(() => score({ candidates: [viaX, { ...viaY, hubNode: 99 }] })).toThrow(/candidates\[1\]\.hubNode/);
    expect(() => score({ candidates: [{ ...viaX, priceMinor: 10.5 }] })).toThrow(InvalidScoringInputError);
    expect(() => score({ candidates: [viaX], destinationNode: -1 })).toThrow(/destinationNode/);
  });

  it('reports progress after every candidate', () => {
    const calls: Array<[number, number]> = [];
    scoreRoutesOnNetwork(
      network,
      { destinationNode: DESTINATION, candidates: [viaX, viaY, fromNowhere] },
      (done, total) => calls.push([done, total]),
    );
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});

describe('scoreRoutes on generated networks', () => {
  it('gives the same result for the same input', () => {
    const input = randomScoringInput(3, 3_000, 25);
    const first = scoreRoutes(input);
    expect(scoreRoutes(structuredClone(input))).toEqual(first);
    expect(first.ranked).toHaveLength(25);
    expect(first.ranked.every((route) => route.reachable)).toBe(true);
  });

  it('ranks by score and rounds distances to metres', () => {
    const { ranked } = scoreRoutes(randomScoringInput(8, 2_000, 20));
    const scores = ranked.map((route) => route.score ?? Infinity);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    for (const route of ranked) {
      expect(Number.isInteger(route.costMinor)).toBe(true);
      expect(Math.round((route.distanceKm ?? 0) * 1000) / 1000).toBe(route.distanceKm);
    }
  });
});
