import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { failure, ok, refusal } from '../http/answers';
import { fixedIdentity, mutationHandler, readHandler } from '../http/pipeline';
import type { SimulatorState } from '../state';
import { newId } from '../stores/ids';
import { hash32 } from '../world/random';
import { regionOf } from '../world/regions';
import { UNDELIVERABLE_POSTAL_CODE, destination, identifier } from './schemas';
import { carrierIdentity } from './identity';

const QUOTE_VALIDITY_MS = 30 * 60_000;
// Shipping from outside the destination's region adds a line haul.
const CROSS_REGION_EXTRA_HOURS = 24;

const quoteBody = z.object({
  orderId: identifier,
  destination,
  weightGrams: z.number().int().min(1).max(1_000_000),
  // Empty (or absent) means "from any warehouse": the quote then covers all of them.
  warehouseIds: z.array(identifier).max(50).default([]),
});

const bookingBody = z.object({
  quoteId: identifier,
  orderId: identifier,
  warehouseId: identifier,
  destination: destination.optional(),
});

export function registerCarrierRoutes(app: FastifyInstance, state: SimulatorState): void {
  const { world } = state;

  app.get(
    '/carriers',
    readHandler(state, {
      identify: fixedIdentity('carriers', 'carriers.list'),
      act: () =>
        ok(
          200,
          world.carriers.map(({ carrierId, name, hubNode }) => ({ carrierId, name, hubNode })),
        ),
    }),
  );

  app.post(
    '/carriers/:carrierId/quotes',
    mutationHandler(state, {
      identify: carrierIdentity(state, 'carriers.quote'),
      body: quoteBody,
      act: ({ body, params }) => {
        const carrierId = params.carrierId as string;
        if (body.destination.postalCode === UNDELIVERABLE_POSTAL_CODE)
          return undeliverable(body.destination.postalCode);
        const warehouseIds = body.warehouseIds.length > 0 ? body.warehouseIds : [...world.warehouseById.keys()];
        const unknown = warehouseIds.find((id) => !world.warehouseById.has(id));
        if (unknown) return failure(422, 'UnknownWarehouse', `no warehouse ${unknown}`, 'warehouseIds');
        const region = regionOf(body.destination.country, body.destination.postalCode);
        const rate = world.rateFor(carrierId, region);
        if (!rate) throw new Error(`no rate for ${carrierId} in ${region}`);
        const local = warehouseIds.some((id) => world.warehouseById.get(id)?.region === region);
        const quote = {
          quoteId: `q_${carrierId}_${hash32(carrierId, body.orderId, body.destination.country, body.destination.postalCode, body.weightGrams, [...warehouseIds].sort().join(',')).toString(16)}`,
          carrierId,
          orderId: body.orderId,
          country: body.destination.country,
          postalCode: body.destination.postalCode,
          warehouseIds,
          // The same formula the rates feed publishes, so synced rates predict quotes.
          priceMinor: rate.basePriceMinor + Math.ceil((rate.perKgMinor * body.weightGrams) / 1000),
          currency: rate.currency,
          etaHours: rate.etaHours + (local ? 0 : CROSS_REGION_EXTRA_HOURS),
          validUntilMs: Date.now() + QUOTE_VALIDITY_MS,
        };
        state.quotes.save(quote);
        return ok(200, {
          quoteId: quote.quoteId,
          carrierId,
          priceMinor: quote.priceMinor,
          currency: quote.currency,
          etaHours: quote.etaHours,
          hubNode: rate.hubNode,
          region,
          validUntil: new Date(quote.validUntilMs).toISOString(),
        });
      },
    }),
  );

  app.post(
    '/carriers/:carrierId/bookings',
    mutationHandler(state, {
      identify: carrierIdentity(state, 'carriers.book'),
      body: bookingBody,
      act: ({ body, params }) => {
        const carrierId = params.carrierId as string;
        const quote = state.quotes.get(body.quoteId);
        if (!quote || quote.carrierId !== carrierId)
          return failure(404, 'QuoteNotFound', `${carrierId} has no quote ${body.quoteId}`, 'quoteId');
        const postalCode = body.destination?.postalCode ?? quote.postalCode;
        if (postalCode === UNDELIVERABLE_POSTAL_CODE) return undeliverable(postalCode);
        if (quote.orderId !== body.orderId) {
          return failure(
            409,
            'QuoteMismatch',
            `quote ${quote.quoteId} is for order ${quote.orderId}, not ${body.orderId}`,
            'orderId',
          );
        }
        if (!quote.warehouseIds.includes(body.warehouseId)) {
          return failure(
            409,
            'QuoteMismatch',
            `quote ${quote.quoteId} covers ${quote.warehouseIds.join(', ')}, not ${body.warehouseId}`,
            'warehouseId',
          );
        }
        if (quote.validUntilMs < Date.now())
          return failure(409, 'QuoteExpired', `quote ${quote.quoteId} expired; ask for a new one`, 'quoteId');
        const bookingId = newId('bk');
        return ok(201, {
          bookingId,
          carrierId,
          trackingNumber: `${carrierId.replace('carrier-', 'C')}-${bookingId.slice(3, 15).toUpperCase()}`,
          quoteId: quote.quoteId,
          orderId: quote.orderId,
          warehouseId: body.warehouseId,
          priceMinor: quote.priceMinor,
          currency: quote.currency,
          etaHours: quote.etaHours,
        });
      },
    }),
  );
}

function undeliverable(postalCode: string) {
  return refusal('AddressInvalid', `postal code ${postalCode} is not deliverable`);
}
