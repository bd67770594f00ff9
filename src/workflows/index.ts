// The workflow bundle's entry point: every workflow type the `orders` queue serves.
export { processOrder } from './order/process-order';
export { partnerSync } from './partner-sync/partner-sync';
