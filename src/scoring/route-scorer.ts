import { FastestPathSearch, type PathLength } from './fastest-path';
import { isNodeIndex, type RoadNetwork } from './road-graph';
import { assertValidNetworkSpec, generateRoadNetwork, type NetworkSpec } from './road-network';
import { InvalidScoringInputError, NoCandidatesError, NoReachableRouteError } from './scoring-errors';

export interface RouteCandidate {
  warehouseId: string;
  warehouseNode: number;
  carrierId: string;
  /** Where the carrier takes the parcel over; the route is warehouse -> hub -> destination. */
  hubNode: number;
  priceMinor: number;
  etaHours: number;
}

/** How much one minor currency unit and one hour of ETA weigh in the score (lower score wins). */
export interface ScoringWeights {
  costPerMinor: number;
  costPerHour: number;
}

export interface RouteScoringRequest {
  destinationNode: number;
  candidates: RouteCandidate[];
  weights?: ScoringWeights;
}

export interface RouteScoringInput extends RouteScoringRequest {
  network: NetworkSpec;
}

export interface ReachableRoute {
  reachable: true;
  warehouseId: string;
  carrierId: string;
  distanceKm: number;
  driveHours: number;
  etaHours: number;
  costMinor: number;
  score: number;
}

export interface UnreachableRoute {
  reachable: false;
  warehouseId: string;
  carrierId: string;
  unreachableLeg: 'warehouse-to-hub' | 'hub-to-destination';
  distanceKm: null;
  driveHours: null;
  etaHours: null;
  costMinor: null;
  score: null;
}

export type ScoredRoute = ReachableRoute | UnreachableRoute;

export interface RouteScoringResult {
  best: ReachableRoute;
  /** Every candidate: reachable ones by score, then unreachable ones; ties broken by ids. */
  ranked: ScoredRoute[];
}

export type ScoringProgressListener = (done: number, total: number) => void;

export const DEFAULT_SCORING_WEIGHTS: Readonly<ScoringWeights> = Object.freeze({ costPerMinor: 1, costPerHour: 50 });
export const HANDLING_MINOR_PER_KM = 15;
export const DRIVE_TIME_MINOR_PER_HOUR = 3000;

export function scoreRoutes(input: RouteScoringInput, onProgress?: ScoringProgressListener): RouteScoringResult {
  assertValidNetworkSpec(input.network);
  assertValidRequest(input, input.network.nodeCount);
  return scoreRoutesOnNetwork(generateRoadNetwork(input.network), input, onProgress);
}

/**
 * Scores on a network the caller already has: a pool thread's cached one, or a hand-built one.
 * Every candidate gets its own searches, so the cost grows with candidates x network size.
 */
export function scoreRoutesOnNetwork(
  network: RoadNetwork,
  request: RouteScoringRequest,
  onProgress?: ScoringProgressListener,
): RouteScoringResult {
  assertValidRequest(request, network.nodeCount);
  const weights = request.weights ?? DEFAULT_SCORING_WEIGHTS;
  const search = new FastestPathSearch(network);
  const total = request.candidates.length;
  const scored = request.candidates.map((candidate, index) => {
    const route = scoreCandidate(search, candidate, request.destinationNode, weights);
    onProgress?.(index + 1, total);
    return { route, index };
  });
  const ranked = scored.sort(compareScored).map(({ route }) => route);
  const best = ranked[0];
  if (best === undefined || !best.reachable) {
    throw new NoReachableRouteError(
      `none of the ${total} candidates can reach destination node ${request.destinationNode}`,
    );
  }
  return { best, ranked };
}

function scoreCandidate(
  search: FastestPathSearch,
  candidate: RouteCandidate,
  destinationNode: number,
  weights: ScoringWeights,
): ScoredRoute {
  const ids = { warehouseId: candidate.warehouseId, carrierId: candidate.carrierId };
  const toHub = search.between(candidate.warehouseNode, candidate.hubNode);
  if (toHub === null) return unreachable(ids, 'warehouse-to-hub');
  const toDestination = search.between(candidate.hubNode, destinationNode);
  if (toDestination === null) return unreachable(ids, 'hub-to-destination');
  return priceRoute(ids, candidate, addLegs(toHub, toDestination), weights);
}

function priceRoute(
  ids: Pick<ScoredRoute, 'warehouseId' | 'carrierId'>,
  candidate: RouteCandidate,
  path: PathLength,
  weights: ScoringWeights,
): ReachableRoute {
  // Integer metres and seconds keep every step below exact or rounded once, so results are bit-identical everywhere.
  const handlingMinor = Math.round((path.lengthMeters * HANDLING_MINOR_PER_KM) / 1000);
  const driveTimeMinor = Math.round((path.driveSeconds * DRIVE_TIME_MINOR_PER_HOUR) / 3600);
  const costMinor = candidate.priceMinor + handlingMinor + driveTimeMinor;
  const driveHours = roundTo3(path.driveSeconds / 3600);
  const etaHours = roundTo3(candidate.etaHours + driveHours);
  const score = roundTo3(costMinor * weights.costPerMinor + etaHours * weights.costPerHour);
  return { reachable: true, ...ids, distanceKm: path.lengthMeters / 1000, driveHours, etaHours, costMinor, score };
}

function unreachable(
  ids: Pick<ScoredRoute, 'warehouseId' | 'carrierId'>,
  unreachableLeg: UnreachableRoute['unreachableLeg'],
): UnreachableRoute {
  return {
    reachable: false,
    ...ids,
    unreachableLeg,
    distanceKm: null,
    driveHours: null,
    etaHours: null,
    costMinor: null,
    score: null,
  };
}

function addLegs(first: PathLength, second: PathLength): PathLength {
  return {
    driveSeconds: first.driveSeconds + second.driveSeconds,
    lengthMeters: first.lengthMeters + second.lengthMeters,
  };
}

function roundTo3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

interface IndexedRoute {
  route: ScoredRoute;
  index: number;
}

function compareScored(a: IndexedRoute, b: IndexedRoute): number {
  if (a.route.reachable !== b.route.reachable) return a.route.reachable ? -1 : 1;
  if (a.route.score !== null && b.route.score !== null && a.route.score !== b.route.score)
    return a.route.score - b.route.score;
  // Code-unit comparison, not localeCompare: the order must not depend on the host's locale data.
  return (
    compareText(a.route.warehouseId, b.route.warehouseId) ||
    compareText(a.route.carrierId, b.route.carrierId) ||
    a.index - b.index
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function assertValidRequest(request: RouteScoringRequest, nodeCount: number): void {
  if (!Array.isArray(request.candidates) || request.candidates.length === 0) throw new NoCandidatesError();
  requireNode('destinationNode', request.destinationNode, nodeCount);
  request.candidates.forEach((candidate, index) => {
    const field = (name: string): string => `candidates[${index}].${name}`;
    requireText(field('warehouseId'), candidate.warehouseId);
    requireText(field('carrierId'), candidate.carrierId);
    requireNode(field('warehouseNode'), candidate.warehouseNode, nodeCount);
    requireNode(field('hubNode'), candidate.hubNode, nodeCount);
    if (!Number.isSafeInteger(candidate.priceMinor) || candidate.priceMinor < 0) {
      throw new InvalidScoringInputError(
        `${field('priceMinor')} must be a non-negative integer, got ${candidate.priceMinor}`,
      );
    }
    requireNonNegative(field('etaHours'), candidate.etaHours);
  });
  if (request.weights !== undefined) {
    requireNonNegative('weights.costPerMinor', request.weights.costPerMinor);
    requireNonNegative('weights.costPerHour', request.weights.costPerHour);
  }
}

function requireNode(field: string, value: unknown, nodeCount: number): void {
  if (!isNodeIndex(value, nodeCount)) {
    throw new InvalidScoringInputError(`${field} must be a node index in 0..${nodeCount - 1}, got ${String(value)}`);
  }
}

function requireText(field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0)
    throw new InvalidScoringInputError(`${field} must be a non-empty string`);
}

function requireNonNegative(field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidScoringInputError(`${field} must be a finite number >= 0, got ${String(value)}`);
  }
}
