import type { PartnerStore } from '../store/partner-store';
import { regionDistance, shippingRegionOf } from '../feeds/shipping-regions';

export interface FulfilmentRequest {
  orderId: string;
  items: { sku: string; quantity: number }[];
  destination: { country: string; postalCode: string };
}

export type FulfilmentPlan =
  | {
      source: 'store';
      /** Warehouses holding every item, those in the destination's region first. */
      warehouses: { warehouseId: string; node: number }[];
      /** Carriers with a rate card for the destination's region, cheapest base price first. */
      carrierIds: string[];
      /** When the older of the stock and rates syncs completed. */
      syncedAt: string;
      ageSeconds: number;
    }
  | { source: 'partners'; reason: string };

type StoreReads = Pick<PartnerStore, 'syncState' | 'warehousesHolding' | 'rateCardsFor'>;

/**
 * Candidate warehouses and carriers from the synced partner data, or why the order should ask
 * the partners instead: nothing synced yet, data older than `maxAgeMs`, or no synced warehouse
 * or carrier that fits. Stock and rates must both be fresh: a plan needs both.
 */
export async function planFromStore(
  store: StoreReads,
  request: FulfilmentRequest,
  options: { nowMs: number; maxAgeMs: number },
): Promise<FulfilmentPlan> {
  const syncs = await Promise.all(
    (['stock', 'rates'] as const).map(async (feed) => ({ feed, at: (await store.syncState(feed)).lastCompleteAt })),
  );
  const neverSynced = syncs.filter((s) => s.at === undefined).map((s) => s.feed);
  if (neverSynced.length > 0)
    return { source: 'partners', reason: `store empty: no complete ${neverSynced.join(' or ')} sync yet` };

  const oldest = syncs
    .map((s) => ({ feed: s.feed, at: s.at as string, ageMs: options.nowMs - Date.parse(s.at as string) }))
    .sort((a, b) => b.ageMs - a.ageMs)[0];
  if (!oldest) return { source: 'partners', reason: 'store empty' };
  if (oldest.ageMs > options.maxAgeMs) {
    return {
      source: 'partners',
      reason: `store stale: last ${oldest.feed} sync ${formatSpan(oldest.ageMs)} ago (bound ${formatSpan(options.maxAgeMs)})`,
    };
  }

  const region = shippingRegionOf(request.destination);
  const warehouses = (await store.warehousesHolding(request.items)).sort(
    (a, b) =>
      regionDistance(region, a.region) - regionDistance(region, b.region) || a.warehouseId.localeCompare(b.warehouseId),
  );
  if (warehouses.length === 0)
    return { source: 'partners', reason: 'no synced warehouse holds every item in the quantity ordered' };
  const carrierIds = (await store.rateCardsFor(region)).map((rate) => rate.carrierId);
  if (carrierIds.length === 0)
    return { source: 'partners', reason: `no synced carrier rate card for region ${region}` };

  return {
    source: 'store',
    warehouses: warehouses.map(({ warehouseId, node }) => ({ warehouseId, node })),
    carrierIds,
    syncedAt: oldest.at,
    ageSeconds: Math.max(0, Math.round(oldest.ageMs / 1000)),
  };
}

/** 45 s, 30 min, 2h: the unit an operator would say out loud. */
export function formatSpan(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)}h`;
}
