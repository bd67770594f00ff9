import { hashUnit } from '../world/random';
import { isKnownCountry } from '../world/regions';

export type FraudDecision = 'approve' | 'review' | 'reject';

export interface FraudInput {
  orderId: string;
  customerId: string;
  amountMinor: number;
  currency: string;
  country: string;
}

/** Customers with a fixed outcome, so tests can reach every branch without hunting for hashes. */
export const FRAUD_CUSTOMERS = {
  reject: 'cust-fraud',
  review: 'cust-review',
  /** Blocked outright: answered 403 FraudRejected instead of a score. */
  blocked: 'cust-blocked',
} as const;

const REVIEW_FROM = 0.6;
const REJECT_FROM = 0.85;

/**
 * A made-up but stable risk model: mostly who the customer is and where they ship, a little the
 * order, more for large amounts. Ordinary orders land well under the review line.
 */
export function scoreFraud(input: FraudInput): { score: number; decision: FraudDecision } {
  if (input.customerId === FRAUD_CUSTOMERS.reject) return { score: 0.97, decision: 'reject' };
  if (input.customerId === FRAUD_CUSTOMERS.review) return { score: 0.7, decision: 'review' };
  const customerRisk = hashUnit('fraud-customer', input.customerId, input.country) * 0.35;
  const orderJitter = hashUnit('fraud-order', input.orderId, input.amountMinor, input.currency) * 0.05;
  const amountRisk = Math.min(0.4, (input.amountMinor / 1_000_000) * 0.4);
  const countryRisk = isKnownCountry(input.country) ? 0 : 0.1;
  const score = Math.round(Math.min(0.99, customerRisk + orderJitter + amountRisk + countryRisk) * 1000) / 1000;
  const decision = score >= REJECT_FROM ? 'reject' : score >= REVIEW_FROM ? 'review' : 'approve';
  return { score, decision };
}
