import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { failure, ok, refusal } from '../http/answers';
import { fixedIdentity, mutationHandler } from '../http/pipeline';
import type { SimulatorState } from '../state';
import { amountMinor, currency, identifier, noBody } from './schemas';

/** The payment reference that the issuer always declines, so tests can provoke PaymentDeclined for real. */
export const DECLINED_PAYMENT_REFERENCE = 'tok_declined';

const authorizeBody = z.object({ orderId: identifier, amountMinor, currency, paymentReference: identifier });
const captureBody = z.object({ amountMinor });

export function registerPaymentRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post(
    '/payments/authorizations',
    mutationHandler(state, {
      identify: fixedIdentity('payments', 'payments.authorize'),
      body: authorizeBody,
      act: ({ body }) => {
        if (body.paymentReference === DECLINED_PAYMENT_REFERENCE) {
          return refusal('PaymentDeclined', `the issuer declined payment reference ${body.paymentReference}`);
        }
        const authorization = state.payments.authorize(body.orderId, body.amountMinor, body.currency);
        return ok(201, {
          authorizationId: authorization.authorizationId,
          status: authorization.status,
          amountMinor: authorization.amountMinor,
          currency: authorization.currency,
        });
      },
    }),
  );

  app.post(
    '/payments/authorizations/:authorizationId/void',
    mutationHandler(state, {
      identify: fixedIdentity('payments', 'payments.void'),
      body: noBody,
      act: ({ params }) => {
        const authorizationId = params.authorizationId ?? '';
        const authorization = state.payments.get(authorizationId);
        if (!authorization) return notFound(authorizationId);
        if (authorization.status === 'captured') {
          return failure(
            409,
            'AuthorizationCaptured',
            `authorization ${authorizationId} was captured; refund it instead`,
          );
        }
        state.payments.markVoided(authorization);
        return ok(200, { authorizationId, status: authorization.status });
      },
    }),
  );

  app.post(
    '/payments/authorizations/:authorizationId/capture',
    mutationHandler(state, {
      identify: fixedIdentity('payments', 'payments.capture'),
      body: captureBody,
      act: ({ body, params }) => {
        const authorizationId = params.authorizationId ?? '';
        const authorization = state.payments.get(authorizationId);
        if (!authorization) return notFound(authorizationId);
        if (authorization.status === 'voided')
          return failure(409, 'AuthorizationVoided', `authorization ${authorizationId} was voided`);
        if (authorization.status === 'captured') {
          return failure(
            409,
            'AuthorizationCaptured',
            `authorization ${authorizationId} was already captured as ${authorization.captureId}`,
          );
        }
        if (body.amountMinor > authorization.amountMinor) {
          return failure(
            422,
            'AmountExceedsAuthorization',
            `amountMinor ${body.amountMinor} exceeds the authorized ${authorization.amountMinor}`,
            'amountMinor',
          );
        }
        const captureId = state.payments.markCaptured(authorization);
        return ok(200, {
          authorizationId,
          status: authorization.status,
          captureId,
          amountMinor: body.amountMinor,
          currency: authorization.currency,
        });
      },
    }),
  );
}

function notFound(authorizationId: string) {
  return failure(404, 'AuthorizationNotFound', `no authorization ${authorizationId}`, 'authorizationId');
}
