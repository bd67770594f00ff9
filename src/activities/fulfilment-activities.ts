import type { PartnerStore } from '../partner-data/store/partner-store';
import { planFromStore, type FulfilmentPlan, type FulfilmentRequest } from '../partner-data/planning/fulfilment-plan';

export type { FulfilmentPlan, FulfilmentRequest } from '../partner-data/planning/fulfilment-plan';

/**
 * Fulfilment planning from the synced store (task queue `partner-io`).
 *
 * With the embedded store the reads are synchronous, on purpose: a plan is a handful of indexed
 * lookups in a local SQLite file (one per sku, one for the rate cards, two for the sync times),
 * each a few microseconds from the page cache, so wrapping them in promises or a thread would cost
 * more than the reads. The line: synchronous is right only while every read is small, indexed and
 * local. The shared store (PostgreSQL, `ORDEROPS_STORE_URL`) is across the network, so its reads
 * are promises and this event loop serves other tasks while they travel.
 */
export function createFulfilmentActivities({
  store,
  maxAgeMs,
  now = Date.now,
}: {
  store: PartnerStore;
  maxAgeMs: number;
  now?: () => number;
}) {
  return {
    // With SQLite the body does not wait on anything; with PostgreSQL it waits on the reads.
    async planFulfilment(request: FulfilmentRequest): Promise<FulfilmentPlan> {
      return planFromStore(store, request, { nowMs: now(), maxAgeMs });
    },
  };
}

export type FulfilmentActivities = ReturnType<typeof createFulfilmentActivities>;
