/**
 * What a caller can do about a rejected order, by failure code: the one line a service shows its
 * user or an operator acts on. An order id is single-use, so every retry means a new orderId.
 */
const ADVICE: Readonly<Record<string, string>> = {
  PaymentDeclined:
    'Ask the customer for another payment method, then place the order again under a new orderId. Nothing was charged.',
  AddressInvalid: 'Correct the shipping address, then place the order again under a new orderId.',
  OutOfStock: 'Reduce the quantity or choose other items, then place the order again under a new orderId.',
  FraudRejected:
    'Do not retry automatically: the fraud check refused this order. Contact the customer through your usual review process.',
  NoCarrierQuotes: 'No carrier quoted in time; place the order again later under a new orderId.',
  CarriersRefused:
    'No carrier can deliver to this address; check the address and place the order again under a new orderId.',
  NoCandidates: 'No warehouse can fulfil these items right now; place the order again later under a new orderId.',
  PartnerUnavailable:
    'A partner was unavailable for longer than OrderOps retries; place the order again later under a new orderId.',
  InvalidOrder: 'Fix the fields named in the message and place the order again under a new orderId.',
  DuplicateOrder:
    'This orderId was already processed by an earlier run; its outcome is in the message. Use a new orderId for a new order.',
  WorkflowTerminated:
    'An operator ended this order before it finished; partners may hold work for it. Operators: see docs/operations.md ("orders that need attention").',
  WorkflowTimedOut:
    'The order ran out of time before it finished; partners may hold work for it. Operators: see docs/operations.md ("orders that need attention").',
};

const FALLBACK =
  'Place the order again under a new orderId once the cause in the message is resolved; operators can find the order in the Temporal Web UI.';

export function whatToDo(code: string): string {
  if (code.startsWith('Timeout:')) return ADVICE.PartnerUnavailable ?? FALLBACK;
  return ADVICE[code] ?? FALLBACK;
}
