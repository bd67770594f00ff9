/**
 * A deliberately broken change, for the determinism test only: today's processOrder with one extra
 * fraud check issued before anything else, added without `patched()`. Every recorded processOrder
 * history starts by upserting search attributes, so replaying one against this code must fail at
 * the first command. Wrapping today's code (rather than copying it) keeps the test meaningful as
 * processOrder evolves.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { PartnerActivities } from '../../../src/activities/partner-activities';
import type { Order } from '../../../src/domain/order';
import type { OrderResult } from '../../../src/contracts/order-workflow';
import { processOrder as todaysProcessOrder } from '../../../src/workflows/order/process-order';

const partners = proxyActivities<PartnerActivities>({ startToCloseTimeout: '5s' });

export async function processOrder(input: Order): Promise<OrderResult> {
  await partners.checkFraud({
    orderId: input.orderId,
    customerId: input.customerId,
    amountMinor: 0,
    currency: input.currency,
    country: input.shippingAddress.country,
  });
  return todaysProcessOrder(input);
}
