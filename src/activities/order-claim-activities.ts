import { Context } from '@temporalio/activity';
import type { ClaimAnswer, OrderClaims } from '../partner-data/store/order-claims';

export interface ClaimOrderInput {
  orderId: string;
  /** The workflow's first run id: a reset or continue-as-new keeps it, so they stay the same claimant. */
  firstRunId: string;
}

/**
 * Claiming an order id (a local activity on the orders worker, before any partner call): the
 * durable "processed at most once, for ever" check behind processOrder's duplicate refusal.
 */
export function createOrderClaimActivities({ claims }: { claims: OrderClaims }) {
  return {
    claimOrder(input: ClaimOrderInput): Promise<ClaimAnswer> {
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (!workflowId) throw new Error('claimOrder must run as part of a workflow');
      return claims.claim({ orderId: input.orderId, workflowId, firstRunId: input.firstRunId });
    },
  };
}

export type OrderClaimActivities = ReturnType<typeof createOrderClaimActivities>;
