import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { PartnerFailure } from '../../contracts/order-workflow';

/** Turns whatever a step threw into words an operator can act on: which partner, which step, why. */
export function describeStepFailure(err: unknown, partner: string, step: string): PartnerFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return { partner, step, type: cause.type ?? 'ApplicationFailure', message: cause.message };
  }
  if (cause instanceof TimeoutFailure) {
    return {
      partner,
      step,
      type: `Timeout:${cause.timeoutType ?? 'unknown'}`,
      message: `${step} timed out (${cause.timeoutType ?? 'unknown'} timeout)`,
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { partner, step, type: cause instanceof Error ? cause.name : 'Error', message };
}

/**
 * True when the partner answered with a refusal (a non-retryable failure it sent back): it did not
 * act, so there is nothing to undo. Anything else that ends a mutation (timeouts, retries used up
 * on errors, a crash) leaves it in doubt: the partner may have acted and its answer been lost.
 */
export function isPartnerRefusal(err: unknown): boolean {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure && cause.nonRetryable === true;
}
