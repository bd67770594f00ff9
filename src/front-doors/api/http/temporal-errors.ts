import { isGrpcServiceError } from '@temporalio/client';
import { TemporalUnreachableError } from '../../../platform/temporal-connection';

// gRPC status codes that mean "Temporal did not answer", not "Temporal said no".
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** True when an error (or its cause) says Temporal is unreachable or too slow: a 503, not a 500. */
export function isTemporalUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof TemporalUnreachableError) return true;
    if (isGrpcServiceError(current) && (current.code === GRPC_UNAVAILABLE || current.code === GRPC_DEADLINE_EXCEEDED)) return true;
  }
  return false;
}
