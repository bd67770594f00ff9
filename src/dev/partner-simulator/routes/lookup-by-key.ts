import type { FastifyInstance } from 'fastify';
import { failure, ok } from '../http/answers';
import { fixedIdentity, readHandler } from '../http/pipeline';
import type { SimulatorState } from '../state';
import type { OperationTarget, Partner } from '../targets';

/**
 * `GET <collection>?idempotencyKey=K`: did this partner accept the request sent under K, and what
 * did it answer? Real payment and inventory APIs offer this lookup so a caller that lost the
 * answer (its request was cancelled, or it crashed) can settle the doubt without acting again.
 */
export function registerLookupByKeyRoutes(app: FastifyInstance, state: SimulatorState): void {
  lookupRoute(app, state, '/payments/authorizations', 'payments', 'payments.lookup', 'payments.authorize');
  lookupRoute(app, state, '/inventory/reservations', 'inventory', 'inventory.lookup', 'inventory.reserve');
}

function lookupRoute(
  app: FastifyInstance,
  state: SimulatorState,
  path: string,
  partner: Partner,
  target: OperationTarget,
  created: string,
): void {
  app.get(
    path,
    readHandler(state, {
      identify: fixedIdentity(partner, target),
      act: ({ query }) => {
        const key = typeof query.idempotencyKey === 'string' ? query.idempotencyKey : '';
        if (!key)
          return failure(400, 'ValidationFailed', 'query parameter idempotencyKey is required', 'idempotencyKey');
        const entry = state.idempotency.lookup(partner, key);
        if (!entry || entry.operation !== created || entry.status < 200 || entry.status >= 300) {
          return failure(404, 'NotFound', `${partner} accepted nothing under idempotency key ${key}`, 'idempotencyKey');
        }
        return ok(200, entry.response);
      },
    }),
  );
}
