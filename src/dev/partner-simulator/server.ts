import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../../platform/logger';
import { registerAdminRoutes } from './routes/admin';
import { registerCarrierRoutes } from './routes/carriers';
import { registerFeedRoutes } from './routes/feeds';
import { registerFraudRoutes } from './routes/fraud';
import { registerInventoryRoutes } from './routes/inventory';
import { registerPaymentRoutes } from './routes/payments';
import { registerLookupByKeyRoutes } from './routes/lookup-by-key';
import type { SimulatorState } from './state';

class BadJsonError extends Error {
  readonly statusCode = 400;
}

export function createSimulatorApp(state: SimulatorState, logger: Logger): FastifyInstance {
  const app = Fastify({
    // Fastify types its logger slot with its own base interface; a pino Logger is one.
    loggerInstance: logger as FastifyBaseLogger,
    // Thousands of requests a second would drown the log; faults and admin changes are logged instead.
    logController: new LogController({ disableRequestLogging: true }),
    // Nothing on the simulator's side may end a request: a hang lasts until the client gives up and
    // the client's own timeout is what tests exercise. connectionTimeout is the socket idle timeout,
    // and a hanging socket is idle by definition, so it must be 0. requestTimeout (Node's default is
    // 300 s) bounds only receiving the request, not answering it; 0 so no simulator timer answers 408.
    requestTimeout: 0,
    connectionTimeout: 0,
    // Keep-alive: the benchmark's 1,000 in-flight orders reuse connections instead of re-dialling.
    keepAliveTimeout: 72_000,
    // close() must not wait on hanging requests, which by design never end on their own.
    forceCloseConnections: true,
    bodyLimit: 1024 * 1024,
  });

  // Action endpoints (release, void) are often called with a JSON content type and no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const body = String(text);
    if (body.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body));
    } catch {
      done(new BadJsonError('body: not valid JSON'), undefined);
    }
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500)
      request.log.error({ err: error, url: request.url }, 'unexpected error in the partner simulator');
    const name =
      status === 400
        ? 'ValidationFailed'
        : status === 413
          ? 'PayloadTooLarge'
          : status === 415
            ? 'UnsupportedMediaType'
            : status === 500
              ? 'InternalError'
              : 'BadRequest';
    return reply.code(status).send({ error: name, message: error.message });
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: 'NotFound', message: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` }),
  );

  registerInventoryRoutes(app, state);
  registerPaymentRoutes(app, state);
  registerLookupByKeyRoutes(app, state);
  registerFraudRoutes(app, state);
  registerCarrierRoutes(app, state);
  registerFeedRoutes(app, state);
  registerAdminRoutes(app, state);
  return app;
}
