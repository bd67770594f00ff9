import { randomUUID } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { OrderOpsClient } from '../client/orderops-client';
import { createLogger, type Logger } from '../../platform/logger';
import type { ApiKey } from './auth/api-keys';
import { requireApiKeys } from './auth/authenticate';
import { answerErrorsAsJson, answerFrameworkErrors } from './http/error-answers';
import { acceptOnlyJson } from './http/json-body';
import { countApiRequests } from './http/request-metrics';
import { rememberRoutes } from './http/known-routes';
import { validateWithZod } from './http/register-endpoint';
import { BODY_LIMIT_BYTES, DEFAULT_RATE_LIMIT, REQUEST_RECEIVE_TIMEOUT_MS, type RateLimit } from './limits';
import { registerHealthRoute } from './routes/health-route';
import { registerOpenApiRoute } from './routes/openapi-route';
import { registerOrderRoutes } from './routes/order-routes';

export interface ApiDependencies {
  orders: OrderOpsClient;
  /** The raw Temporal client, for the health check. */
  client: Client;
  log?: Logger;
  rateLimit?: RateLimit;
  /** Empty or absent: no authentication (main.ts then listens on loopback only). */
  apiKeys?: readonly ApiKey[];
}

/** The HTTP API, ready to `listen` (tests listen on port 0). */
export async function buildApi(deps: ApiDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast only keeps the instance's default type parameters.
    loggerInstance: (deps.log ?? createLogger('api')) as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_RECEIVE_TIMEOUT_MS,
    genReqId: (request) => validRequestId(request.headers['x-request-id']) ?? randomUUID(),
    frameworkErrors: answerFrameworkErrors,
  });
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // Before any route (ours or a plugin's), so each is known for 405 answers.
  rememberRoutes(app);
  // First of the request hooks: nothing else reads a request its caller may not send.
  if (deps.apiKeys?.length) requireApiKeys(app, deps.apiKeys);
  countApiRequests(app);
  acceptOnlyJson(app);
  validateWithZod(app);
  answerErrorsAsJson(app);
  const limit = deps.rateLimit ?? DEFAULT_RATE_LIMIT;
  // Keyed by API key (by client address when auth is off): one caller spending its budget leaves
  // every other caller's intact, and a caller cannot escape its budget by changing address.
  await app.register(rateLimit, {
    max: limit.max,
    timeWindow: limit.timeWindowMs,
    keyGenerator: (request) => (request.apiKey ? `key:${request.apiKey.name}` : `ip:${request.ip}`),
  });

  registerOrderRoutes(app, deps.orders, deps.client);
  registerHealthRoute(app, deps.client);
  registerOpenApiRoute(app);
  await app.ready();
  return app;
}

/** A caller's correlation id is kept if it is a plausible id, never echoed if it could smuggle anything. */
function validRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && /^[A-Za-z0-9._-]{1,128}$/.test(header) ? header : undefined;
}
