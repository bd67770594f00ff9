import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../../../domain/order';
import {
  DuplicateOrderError,
  OrderAlreadyProcessedError,
  OrderNotFoundError,
  OrderRequestRefusedError,
  OrderValidationError,
} from '../../client/order-errors';
import { isTransientTemporalError } from '../../client/transient';
import { allowedMethods } from './known-routes';
import { RequestProblemsError } from './request-problems';

export const TEMPORAL_RETRY_AFTER_SECONDS = 5;

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
  FST_ERR_CTP_BODY_TOO_LARGE: 'the body is larger than the limit this API accepts (64 KB)',
};

interface ErrorAnswer {
  status: number;
  error: string;
  message: string;
  problems?: FieldProblem[];
  orderId?: string;
  headers?: Record<string, string>;
}

/**
 * Every error becomes the one error object: `error` (a stable code), `message`, `requestId`, and
 * `problems` for validation errors. Errors the API expects (bad input, unknown order, refusals,
 * limits, Temporal not answering) say what to do; anything else is logged in full and answered
 * 500 with only the request id, so no stack trace or internal detail reaches a caller.
 */
export function answerErrorsAsJson(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = errorAnswer(error, request);
    return sendError(request, reply, answer);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = allowedMethods(app, path);
    if (allowed.length > 0) {
      return sendError(request, reply, {
        status: 405,
        error: 'MethodNotAllowed',
        message: `${request.method} is not supported on ${path}; use ${allowed.join(' or ')}`,
        headers: { allow: allowed.join(', ') },
      });
    }
    return sendError(request, reply, {
      status: 404,
      error: 'NotFound',
      message: `no route ${request.method} ${path}; the routes are described at /openapi.json`,
    });
  });
}

/**
 * Errors fastify's router raises before any route or hook (a path parameter longer than the router
 * takes, a URL it cannot decode): the same error object, as a 400 naming the path.
 */
export function answerFrameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path segment is too long (an order id is at most 64 letters, digits, ".", "_" or "-")'
      : 'the URL is not valid (a path segment cannot be decoded)';
  // No hook runs for these, so the request id header is set here.
  void sendError(request, reply, {
    status: 400,
    error: 'InvalidRequest',
    message,
    problems: [{ field: '(path)', message }],
    headers: { 'x-request-id': request.id },
  });
}

function sendError(request: FastifyRequest, reply: FastifyReply, answer: ErrorAnswer): FastifyReply {
  const { status, headers, ...fields } = answer;
  return reply
    .code(status)
    .headers(headers ?? {})
    .send({
      error: fields.error,
      message: fields.message,
      requestId: request.id,
      ...(fields.problems ? { problems: fields.problems } : {}),
      ...(fields.orderId ? { orderId: fields.orderId } : {}),
    });
}

function errorAnswer(error: FastifyError, request: FastifyRequest): ErrorAnswer {
  if (error instanceof RequestProblemsError || error instanceof OrderValidationError) {
    const code = error instanceof RequestProblemsError ? error.code : 'InvalidOrder';
    const what =
      code === 'InvalidOrder' ? 'invalid order' : code === 'MalformedJson' ? 'malformed JSON' : 'invalid request';
    const first = error.problems[0];
    const summary =
      error.problems.length === 1 && first
        ? `${first.field}: ${first.message}`
        : `${error.problems.length} problems, each named in problems`;
    return { status: 400, error: code, message: `${what}: ${summary}; nothing was started`, problems: error.problems };
  }
  if (error instanceof OrderNotFoundError)
    return { status: 404, error: 'OrderNotFound', message: error.message, orderId: error.orderId };
  if (error instanceof DuplicateOrderError)
    return { status: 409, error: 'OrderIdConflict', message: error.message, orderId: error.orderId };
  if (error instanceof OrderAlreadyProcessedError)
    return { status: 409, error: 'OrderAlreadyProcessed', message: error.message, orderId: error.orderId };
  if (error instanceof OrderRequestRefusedError) {
    return {
      status: 409,
      error: 'CancelRefused',
      message: `order ${error.orderId} refused the cancellation: ${error.reason}`,
      orderId: error.orderId,
    };
  }
  if (isTransientTemporalError(error)) {
    request.log.warn({ err: error }, 'Temporal unavailable');
    return {
      status: 503,
      error: 'TemporalUnavailable',
      message: `Temporal did not answer in time; retry after ${TEMPORAL_RETRY_AFTER_SECONDS} s (placing and cancelling are idempotent)`,
      headers: { 'retry-after': String(TEMPORAL_RETRY_AFTER_SECONDS) },
    };
  }
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return {
      status,
      error: CODE_BY_STATUS[status] ?? 'BadRequest',
      message: MESSAGE_BY_CODE[error.code] ?? error.message,
    };
  }
  request.log.error({ err: error }, 'unexpected error');
  return {
    status: 500,
    error: 'InternalError',
    message: `unexpected error; the server log has it under request id ${request.id}`,
  };
}
