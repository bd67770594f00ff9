import { proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';
import type { FulfilmentActivities } from '../../activities/fulfilment-activities';
import type { OrderClaimActivities } from '../../activities/order-claim-activities';
import type { PartnerActivities } from '../../activities/partner-activities';
import type { ScoringActivities } from '../../activities/scoring-activities';
import type { TaskQueues } from '../../contracts/task-queues';
import * as policy from './policies';

/**
 * The activities processOrder calls, one typed proxy per option set, with the task queue bound
 * once per run. Each carries the summary the Web UI shows beside the activity.
 */
export function orderActivities(queues: TaskQueues) {
  const partners = (options: ActivityOptions, summary: string) =>
    proxyActivities<PartnerActivities>({ ...options, taskQueue: queues.partnerIo, summary });
  return {
    claimOrder: proxyLocalActivities<OrderClaimActivities>({
      ...policy.CLAIM_ORDER,
      summary: 'orderops: claim the order id',
    }).claimOrder,
    planFulfilment: proxyLocalActivities<FulfilmentActivities>({
      ...policy.PLAN_FULFILMENT,
      summary: 'orderops: plan from the synced store',
    }).planFulfilment,
    listCarriers: partners(policy.LIST_CARRIERS, 'carriers: list carriers').listCarriers,
    reserveInventory: partners(policy.RESERVE_INVENTORY, 'inventory: reserve stock').reserveInventory,
    authorizePayment: partners(policy.AUTHORIZE_PAYMENT, 'payments: authorize the card').authorizePayment,
    checkFraud: partners(policy.CHECK_FRAUD, 'fraud: score fraud risk').checkFraud,
    reviewLargeOrder: partners(policy.CHECK_FRAUD, 'fraud: second review of a large order').checkFraud,
    quoteCarriers: partners(policy.QUOTE_CARRIERS, 'carriers: quote every carrier').quoteCarriers,
    bookCarrier: partners(policy.BOOK_CARRIER, 'carriers: book the chosen carrier').bookCarrier,
    capturePayment: partners(policy.CAPTURE_PAYMENT, 'payments: capture the payment').capturePayment,
    releaseInventory: partners(policy.COMPENSATE, 'inventory: release stock').releaseInventory,
    releaseInventoryIfTaken: partners(policy.COMPENSATE, 'inventory: release stock reserved under our key, if any')
      .releaseInventoryIfTaken,
    voidAuthorization: partners(policy.COMPENSATE, 'payments: void the authorization').voidPaymentAuthorization,
    voidAuthorizationIfTaken: partners(policy.COMPENSATE, 'payments: void an authorization taken under our key, if any')
      .voidAuthorizationIfTaken,
    scoreRoutes: proxyActivities<ScoringActivities>({
      ...policy.SCORE_ROUTES,
      taskQueue: queues.routeScoring,
      summary: 'route-scoring: score the routes',
    }).scoreRoutes,
    /** One carrier per activity (runs started before v3, and a bench model): its summary names the carrier. */
    quoteOneCarrier: (carrierId: string, options: ActivityOptions) =>
      proxyActivities<PartnerActivities>({
        ...options,
        taskQueue: queues.partnerIo,
        summary: `carriers: quote ${carrierId}`,
      }).quoteCarrier,
    /** One carrier as a local activity on the orders worker (a bench model). */
    quoteOneCarrierLocally: (carrierId: string) =>
      proxyLocalActivities<PartnerActivities>({
        ...policy.QUOTE_ONE_CARRIER_LOCAL,
        summary: `carriers: quote ${carrierId}`,
      }).quoteCarrier,
  };
}

export type OrderActivities = ReturnType<typeof orderActivities>;
