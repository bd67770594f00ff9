// The workflow bundle's entry point: every workflow type the `orders` queue serves.
export { processOrder } from './process-order';
export { partnerSync } from './partner-sync';
