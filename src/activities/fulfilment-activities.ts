import type { PartnerStore } from '../partner-data/store/partner-store';
import { planFromStore, type FulfilmentPlan, type FulfilmentRequest } from '../partner-data/planning/fulfilment-plan';

export type { FulfilmentPlan, FulfilmentRequest } from '../partner-data/planning/fulfilment-plan';

/**
 * Fulfilment planning from the synced store (task queue `partner-io`).
 *
 * The store is read synchronously, on purpose: a plan is a handful of indexed lookups in a local
 * SQLite file (one per sku, one for the rate cards, two for the sync times), each a few
 * microseconds from the page cache, so wrapping them in promises or a thread would cost more than
 * the reads. The line: synchronous is right only while every read is small, indexed and local.
 * A scan of a large table, a result of thousands of rows, or a database across the network would
 * hold up every other activity on this worker's event loop, and must be async instead.
 */
export function createFulfilmentActivities({ store, maxAgeMs, now = Date.now }: { store: PartnerStore; maxAgeMs: number; now?: () => number }) {
  return {
    // async only because activities return promises; the body does not wait on anything.
    async planFulfilment(request: FulfilmentRequest): Promise<FulfilmentPlan> {
      return planFromStore(store, request, { nowMs: now(), maxAgeMs });
    },
  };
}

export type FulfilmentActivities = ReturnType<typeof createFulfilmentActivities>;
