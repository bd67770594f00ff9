export { isAbortError } from './abort-error';
export { destinationNodeFor, type DestinationAddress } from './destination-node';
export { buildRoadNetwork, ROAD_CLASSES, ROAD_CLASS_SPEED_KMH, type NodeSpec, type RoadClass, type RoadSpec } from './road-graph';
export { generateRoadNetwork, MAX_NODE_COUNT, type NetworkSpec, type RoadNetwork } from './road-network';
export {
  DEFAULT_SCORING_WEIGHTS,
  scoreRoutes,
  scoreRoutesOnNetwork,
  type ReachableRoute,
  type RouteCandidate,
  type RouteScoringInput,
  type RouteScoringRequest,
  type RouteScoringResult,
  type ScoredRoute,
  type ScoringWeights,
  type UnreachableRoute,
} from './route-scorer';
export { InvalidScoringInputError, NoCandidatesError, NoReachableRouteError, RouteScoringError } from './scoring-errors';
export { ScoringPool, ScoringPoolBusyError, type ScoreOptions, type ScoringPoolOptions, type ScoringPoolStats, type ScoringProgress } from './scoring-pool';
