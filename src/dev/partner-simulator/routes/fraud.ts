import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ok, refusal } from '../http/answers';
import { fixedIdentity, mutationHandler } from '../http/pipeline';
import type { SimulatorState } from '../state';
import { FRAUD_CUSTOMERS, scoreFraud } from './fraud-scoring';
import { amountMinor, country, currency, identifier } from './schemas';

const scoreBody = z.object({ orderId: identifier, customerId: identifier, amountMinor, currency, country });

export function registerFraudRoutes(app: FastifyInstance, state: SimulatorState): void {
  app.post(
    '/fraud/scores',
    mutationHandler(state, {
      identify: fixedIdentity('fraud', 'fraud.score'),
      body: scoreBody,
      act: ({ body }) => {
        if (body.customerId === FRAUD_CUSTOMERS.blocked)
          return refusal('FraudRejected', `customer ${body.customerId} is blocked`);
        return ok(200, { orderId: body.orderId, ...scoreFraud(body) });
      },
    }),
  );
}
