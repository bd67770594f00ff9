import type { CarrierQuote, Warehouse } from '../partners/partner-api';
import type { RouteCandidate } from '../scoring/route-scorer';

/** Every warehouse that holds the order, paired with every carrier that quoted: what route scoring ranks. */
export function routeCandidates(warehouses: readonly Warehouse[], quotes: readonly CarrierQuote[]): RouteCandidate[] {
  return warehouses.flatMap((warehouse) =>
    quotes.map((quote) => ({
      warehouseId: warehouse.warehouseId,
      warehouseNode: warehouse.node,
      carrierId: quote.carrierId,
      hubNode: quote.hubNode,
      priceMinor: quote.priceMinor,
      etaHours: quote.etaHours,
    })),
  );
}
