/**
 * The steps of an order, by name: the workflow tracks them under these names (the `status` query,
 * the Web UI) and the activities send each partner mutation under the idempotency key
 * `<workflowId>:<step>`. One table, so the two can never drift apart.
 */
export const ORDER_STEPS = {
  reserveInventory: { step: 'reserve-inventory', partner: 'inventory' },
  releaseInventory: { step: 'release-inventory', partner: 'inventory' },
  authorizePayment: { step: 'authorize-payment', partner: 'payments' },
  voidAuthorization: { step: 'void-authorization', partner: 'payments' },
  checkFraud: { step: 'check-fraud', partner: 'fraud' },
  reviewLargeOrder: { step: 'review-large-order', partner: 'fraud' },
  listCarriers: { step: 'list-carriers', partner: 'carriers' },
  quoteCarriers: { step: 'quote-carriers', partner: 'carriers' },
  scoreRoutes: { step: 'score-routes', partner: 'route-scoring' },
  bookCarrier: { step: 'book-carrier', partner: 'carriers' },
  capturePayment: { step: 'capture-payment', partner: 'payments' },
  claimOrder: { step: 'claim-order', partner: 'orderops' },
} as const;

export type OrderStepName = keyof typeof ORDER_STEPS;
export type OrderStep = (typeof ORDER_STEPS)[OrderStepName];

/** One carrier's quote is a step of its own: its key must differ per carrier. */
export function quoteStepFor(carrierId: string): string {
  return `quote-carrier:${carrierId}`;
}
