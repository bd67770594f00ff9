import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DuplicateOrderError, OrderNotFoundError, OrderRequestRefusedError, OrderValidationError } from '../../client/order-errors';
import { RequestProblemsError } from './request-problems';
import { isTemporalUnavailable } from './temporal-errors';

const TEMPORAL_RETRY_AFTER_SECONDS = 5;

/** Codes for the 4xx answers fastify and its plugins raise themselves (limits, content type). */
const CODE_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  408: 'RequestTimeout',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'RateLimited',
};

const MESSAGE_BY_CODE: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'the body must be sent as application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than the limit this API accepts',
};

/**
 * Every error becomes a JSON answer with a stable `error` code. Errors the API expects (bad input,
 * unknown order, refusals, limits) say what went wrong; anything else is logged in full and
 * answered 500 with only the request id, so no stack trace or internal detail reaches a caller.
 */
export function answerErrorsAsJson(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = errorAnswer(error, request, reply);
    return reply.code(answer.status).send(answer.body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: 'NotFound', message: `no route ${request.method} ${request.url.split('?')[0]}` }),
  );
}

function errorAnswer(error: FastifyError, request: FastifyRequest, reply: FastifyReply): { status: number; body: object } {
  if (error instanceof RequestProblemsError) return { status: 400, body: { error: error.code, problems: error.problems } };
  if (error instanceof OrderValidationError) return { status: 400, body: { error: 'InvalidOrder', problems: error.problems } };
  if (error instanceof OrderNotFoundError) return { status: 404, body: { error: 'OrderNotFound', message: error.message } };
  if (error instanceof DuplicateOrderError) {
    return { status: 409, body: { error: 'OrderIdConflict', orderId: error.orderId, message: error.message } };
  }
  if (error instanceof OrderRequestRefusedError) {
    return { status: 409, body: { error: 'CancelRefused', orderId: error.orderId, reason: error.reason, message: error.message } };
  }
  if (isTemporalUnavailable(error)) {
    request.log.warn({ err: error }, 'Temporal unavailable');
    reply.header('retry-after', String(TEMPORAL_RETRY_AFTER_SECONDS));
    const message = 'Temporal did not answer in time; retrying is safe, placing and cancelling are idempotent';
    return { status: 503, body: { error: 'TemporalUnavailable', message } };
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return { status, body: { error: CODE_BY_STATUS[status] ?? 'BadRequest', message: MESSAGE_BY_CODE[error.code] ?? error.message } };
  }
  request.log.error({ err: error }, 'unexpected error');
  return { status: 500, body: { error: 'InternalError', message: `unexpected error; the server log has it under request id ${request.id}` } };
}
