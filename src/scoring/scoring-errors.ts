/**
 * Typed scoring failures. They cross the worker-thread boundary as plain data (structured clone
 * drops custom error classes), so each one can be described and rebuilt on the other side.
 */
export type ScoringErrorCode = 'NO_CANDIDATES' | 'NO_REACHABLE_ROUTE' | 'INVALID_SCORING_INPUT';

export abstract class RouteScoringError extends Error {
  abstract readonly code: ScoringErrorCode;
}

export class NoCandidatesError extends RouteScoringError {
  override readonly name = 'NoCandidatesError';
  readonly code = 'NO_CANDIDATES';
  constructor(message = 'route scoring needs at least one warehouse/carrier candidate') {
    super(message);
  }
}

export class NoReachableRouteError extends RouteScoringError {
  override readonly name = 'NoReachableRouteError';
  readonly code = 'NO_REACHABLE_ROUTE';
}

export class InvalidScoringInputError extends RouteScoringError {
  override readonly name = 'InvalidScoringInputError';
  readonly code = 'INVALID_SCORING_INPUT';
}

export interface SerializedScoringError {
  code: ScoringErrorCode;
  message: string;
}

export function serializeScoringError(error: RouteScoringError): SerializedScoringError {
  return { code: error.code, message: error.message };
}

export function rebuildScoringError(serialized: SerializedScoringError): RouteScoringError {
  switch (serialized.code) {
    case 'NO_CANDIDATES':
      return new NoCandidatesError(serialized.message);
    case 'NO_REACHABLE_ROUTE':
      return new NoReachableRouteError(serialized.message);
    case 'INVALID_SCORING_INPUT':
      return new InvalidScoringInputError(serialized.message);
  }
}
