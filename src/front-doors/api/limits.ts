/**
 * Request limits: one noisy or broken caller must not starve the rest.
 * The largest valid order (100 line items) is about 12 KB of JSON; 64 KB leaves room without
 * letting a caller make the server buffer megabytes.
 */
export const BODY_LIMIT_BYTES = 64 * 1024;

/** Per client (by IP address): a sustained 10 requests per second, with bursts inside the minute. */
export interface RateLimit {
  max: number;
  timeWindowMs: number;
}
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 600, timeWindowMs: 60_000 };

/** Time to receive a whole request; a client that dribbles its body is cut off instead of holding a socket. */
export const REQUEST_RECEIVE_TIMEOUT_MS = 15_000;

/**
 * How long one request may wait on Temporal before the API answers 503. Without it, the SDK's
 * retries on an unreachable server would hold a caller for half a minute. Placing and cancelling
 * are idempotent, so a caller that got a 503 can simply retry. Cancelling waits only until the
 * order accepts, never for the undoing, so it needs no longer deadline.
 */
export const TEMPORAL_CALL_DEADLINE_MS = 10_000;

/** /healthz answers within this even when Temporal does not. */
export const HEALTH_CHECK_DEADLINE_MS = 2_000;
