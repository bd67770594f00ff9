import { Context, CancelledFailure } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { PartnerCallError } from '../partners/partner-errors';

export interface StepCallOptions {
  idempotencyKey: string;
  signal: AbortSignal;
}

/**
 * Runs one partner call as an activity attempt:
 * - the idempotency key is the workflow id plus the step, never the run id, so a retry, a reset
 *   or a worker crash replays the same key and the partner acts once;
 * - it heartbeats while waiting, because an activity only hears its cancellation when it
 *   heartbeats, and the cancellation signal aborts the undici request itself;
 * - partner errors become ApplicationFailures whose `type` names the cause.
 */
export async function runPartnerStep<T>(step: string, call: (options: StepCallOptions) => Promise<T>): Promise<T> {
  const ctx = Context.current();
  const idempotencyKey = idempotencyKeyFor(step);
  const stopHeartbeats = heartbeatWhileWaiting(ctx);
  try {
    return await call({ idempotencyKey, signal: ctx.cancellationSignal });
  } catch (err) {
    if (ctx.cancellationSignal.aborted) {
      ctx.log.info('partner call cancelled', { step, reason: String(ctx.cancellationSignal.reason) });
      throw ctx.cancellationSignal.reason instanceof CancelledFailure
        ? ctx.cancellationSignal.reason
        : new CancelledFailure(`${step} cancelled: ${String(ctx.cancellationSignal.reason)}`);
    }
    if (err instanceof PartnerCallError) throw toActivityFailure(err, step, ctx);
    throw err;
  } finally {
    stopHeartbeats();
  }
}

/** The key a step's mutation is sent under: stable across attempts, runs and workers. */
export function idempotencyKeyFor(step: string): string {
  const info = Context.current().info;
  return `${info.workflowExecution?.workflowId ?? info.activityId}:${step}`;
}

function heartbeatWhileWaiting(ctx: Context): () => void {
  const timeoutMs = ctx.info.heartbeatTimeoutMs;
  if (!timeoutMs) return () => undefined;
  // No heartbeat up front: most calls finish well inside the first interval, and a heartbeat per
  // call was a third of all worker-to-server traffic (bench). A longer call starts heartbeating
  // after a third of its heartbeat timeout, which is what delivers its cancellation.
  const timer = setInterval(() => ctx.heartbeat(), Math.max(200, Math.floor(timeoutMs / 3)));
  return () => clearInterval(timer);
}

function toActivityFailure(err: PartnerCallError, step: string, ctx: Context): ApplicationFailure {
  const details = [
    { partner: err.partner, operation: err.operation, step, httpStatus: err.httpStatus, code: err.code },
  ];
  if (!err.retryable) {
    return ApplicationFailure.create({ message: err.message, type: err.code, nonRetryable: true, details });
  }
  if (err.retryAfterMs === undefined) {
    return ApplicationFailure.create({ message: err.message, type: err.code, details });
  }
  // Honour Retry-After, but only inside the activity's overall budget: waiting past
  // scheduleToClose would just turn a clear "rate limited" into an opaque timeout.
  const budgetEndsAt = ctx.info.scheduledTimestampMs + ctx.info.scheduleToCloseTimeoutMs;
  if (ctx.info.scheduleToCloseTimeoutMs > 0 && Date.now() + err.retryAfterMs >= budgetEndsAt) {
    return ApplicationFailure.create({
      message: `${err.message}; Retry-After ${err.retryAfterMs} ms is beyond this step's remaining budget`,
      type: err.code,
      nonRetryable: true,
      details,
    });
  }
  return ApplicationFailure.create({ message: err.message, type: err.code, nextRetryDelay: err.retryAfterMs, details });
}
