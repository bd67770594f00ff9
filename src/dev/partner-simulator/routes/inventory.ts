import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { failure, ok, refusal } from '../http/answers';
import { fixedIdentity, mutationHandler } from '../http/pipeline';
import type { SimulatorState } from '../state';
import { identifier, noBody } from './schemas';

const reserveBody = z.object({
  orderId: identifier,
  items: z
    .array(z.object({ sku: identifier, quantity: z.number().int().min(1).max(10_000) }))
    .min(1)
    .max(100),
  warehouseIds: z.array(identifier).min(1).max(50).optional(),
});

export function registerInventoryRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post(
    '/inventory/reservations',
    mutationHandler(state, {
      identify: fixedIdentity('inventory', 'inventory.reserve'),
      body: reserveBody,
      act: ({ body }) => {
        const reservation = state.stock.reserve(body.orderId, body.items, body.warehouseIds);
        if (!reservation) {
          const skus = body.items.map((item) => `${item.quantity} x ${item.sku}`).join(', ');
          const scope = body.warehouseIds ? ` among ${body.warehouseIds.join(', ')}` : '';
          return refusal('OutOfStock', `no warehouse${scope} holds ${skus} in stock`);
        }
        return ok(201, {
          reservationId: reservation.reservationId,
          orderId: reservation.orderId,
          warehouses: reservation.warehouses.map(({ warehouseId, node, region }) => ({ warehouseId, node, region })),
        });
      },
    }),
  );

  app.post(
    '/inventory/reservations/:reservationId/release',
    mutationHandler(state, {
      identify: fixedIdentity('inventory', 'inventory.release'),
      body: noBody,
      act: ({ params }) => {
        const reservationId = params.reservationId ?? '';
        const reservation = state.stock.release(reservationId);
        if (!reservation)
          return failure(404, 'ReservationNotFound', `no reservation ${reservationId}`, 'reservationId');
        return ok(200, { reservationId, released: true });
      },
    }),
  );
}
