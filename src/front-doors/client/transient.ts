import { setTimeout as sleep } from 'node:timers/promises';
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { TemporalUnreachableError } from '../../platform/temporal-connection';

// gRPC status codes that mean "not now", not "no".
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_FAILED_PRECONDITION = 9;
const GRPC_ABORTED = 10;
const GRPC_UNAVAILABLE = 14;
const ALWAYS_TRANSIENT = new Set([GRPC_DEADLINE_EXCEEDED, GRPC_RESOURCE_EXHAUSTED, GRPC_ABORTED, GRPC_UNAVAILABLE]);

/**
 * True when Temporal could not answer right now and asking again may work: unreachable, too slow,
 * overloaded, or an update/query that met a workflow task failing at that moment (FAILED_PRECONDITION
 * "unexpected workflow task failure" while the order's own task is retried).
 */
export function isTransientTemporalError(error: unknown): boolean {
  for (
    let current: unknown = error, depth = 0;
    current && depth < 5;
    current = (current as { cause?: unknown }).cause, depth++
  ) {
    if (current instanceof TemporalUnreachableError || current instanceof WorkflowUpdateRPCTimeoutOrCancelledError)
      return true;
    if (isGrpcServiceError(current)) {
      if (ALWAYS_TRANSIENT.has(current.code)) return true;
      if (current.code === GRPC_FAILED_PRECONDITION && /workflow task/i.test(current.details ?? current.message))
        return true;
    }
  }
  return false;
}

/** Bounded: a caller waits at most about a second more before it hears "try again later". */
const RETRY_DELAYS_MS = [200, 800];

/** Runs `call`, retrying transient Temporal failures a bounded number of times; the last failure is rethrown. */
export async function retryTransient<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined || !isTransientTemporalError(error)) throw error;
      await sleep(delay);
    }
  }
}
