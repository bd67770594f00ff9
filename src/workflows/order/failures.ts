import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/workflow';
import type { PartnerFailure } from '../../contracts/order-workflow';

/** Turns whatever a step threw into words an operator can act on: which partner, which step, why. */
export function describeStepFailure(err: unknown, partner: string, step: string): PartnerFailure {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  if (cause instanceof ApplicationFailure) {
    return { partner, step, cause: cause.type ?? 'ApplicationFailure', message: cause.message };
  }
  if (cause instanceof TimeoutFailure) {
    return { partner, step, cause: `Timeout:${cause.timeoutType ?? 'unknown'}`, message: `${step} timed out (${cause.timeoutType ?? 'unknown'} timeout)` };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  return { partner, step, cause: cause instanceof Error ? cause.name : 'Error', message };
}
