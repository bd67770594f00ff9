// The bundle entry of the deliberately altered workflow code (see process-order-with-extra-check.ts).
export { processOrder } from './process-order-with-extra-check';
