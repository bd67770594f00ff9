import type { z } from 'zod';
import { orderSchema } from '../../../domain/order';
import {
  cancelAcceptedExample,
  errorExamples,
  healthExamples,
  orderExample,
  orderViewExamples,
  placedExample,
} from './examples';
import {
  cancelAcceptedSchema,
  cancelRequestSchema,
  errorResponseSchema,
  healthSchema,
  openApiDocumentSchema,
  orderIdParamsSchema,
  orderViewSchema,
  placedOrderSchema,
} from './schemas';
import { requiredScope } from '../auth/scopes';

const EXAMPLE_REQUEST_ID = '3f1b6c0e-6c1e-4f0a-9a57-2b1f3c4d5e6f';

export interface Example {
  summary: string;
  value: unknown;
}

export interface EndpointResponse {
  description: string;
  schema: z.ZodType;
  /** Header name -> what it carries (every answer also has `x-request-id` and the rate-limit headers). */
  headers?: Record<string, string>;
  examples?: Record<string, Example>;
}

/** One endpoint of the HTTP API: what it accepts and every answer it can give. */
export interface Endpoint {
  operationId: string;
  method: 'GET' | 'POST';
  /** Fastify syntax: `/orders/:orderId`. */
  path: string;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  body?: z.ZodType;
  bodyExamples?: Record<string, Example>;
  responses: Record<number, EndpointResponse>;
}

const error = (summary: string, value: unknown): Record<string, Example> => ({ example: { summary, value } });

const invalidRequest: EndpointResponse = {
  description: 'The request names an invalid field; nothing was started. `problems` lists every offending field.',
  schema: errorResponseSchema,
  examples: error('A path parameter that is not an order id', {
    error: 'InvalidRequest',
    message: 'invalid request: orderId must be 1-64 letters, digits, ".", "_" or "-"',
    requestId: 'req-1',
    problems: [{ field: 'orderId', message: "orderId must be 1-64 letters, digits, '.', '_' or '-'" }],
  }),
};
const orderNotFound: EndpointResponse = {
  description: 'No order has this id.',
  schema: errorResponseSchema,
  examples: error('Unknown order', errorExamples.notFound),
};
const RETRY_AFTER = 'seconds to wait before retrying';
const temporalUnavailable: EndpointResponse = {
  description:
    'Temporal is unreachable or did not answer in time, even after the API retried briefly. Retry after `Retry-After` seconds: placing and cancelling are idempotent, so a retry never doubles anything.',
  schema: errorResponseSchema,
  headers: { 'Retry-After': RETRY_AFTER },
  examples: error('Temporal down', errorExamples.temporalUnavailable),
};
const statusUrl = { Location: 'the statusUrl: `/orders/{orderId}`' };

export const placeOrderEndpoint = {
  operationId: 'placeOrder',
  method: 'POST',
  path: '/orders',
  summary: 'Place an order (idempotent by orderId: safe to retry)',
  description: [
    'Validates the order and starts `processOrder` with workflow id `order-<orderId>`.',
    '**Idempotency key = `orderId`.** Retrying a POST (after a timeout, a 503 or a lost answer) is safe: the same order again starts nothing and answers 200 with `created: false`, pointing at the existing order, however it was started (this API, the `orderops` CLI, the typed client or `temporal workflow start`).',
    'An orderId is processed at most once, for ever: a different order under a used id is refused with 409 `OrderIdConflict`, and an id whose earlier run was already settled answers 409 `OrderAlreadyProcessed` with that outcome.',
    'Use a new orderId for every new order, including after a rejection.',
  ].join('\n\n'),
  body: orderSchema,
  bodyExamples: { order: { summary: 'examples/order.json', value: orderExample } },
  responses: {
    202: {
      description: 'Accepted: the order started. Follow it at `statusUrl` (also the `Location` header).',
      schema: placedOrderSchema,
      headers: statusUrl,
      examples: { started: { summary: 'A new order', value: placedExample } },
    },
    200: {
      description: 'This exact order had already been placed: nothing new was started (`created: false`).',
      schema: placedOrderSchema,
      headers: statusUrl,
      examples: { retried: { summary: 'A client retry', value: { ...placedExample, created: false } } },
    },
    400: {
      description:
        'Invalid order, malformed JSON or an empty body; `problems` names every offending field and no workflow was started.',
      schema: errorResponseSchema,
      examples: error('Two fields wrong', errorExamples.invalidOrder),
    },
    409: {
      description:
        'The orderId is used: by a different order (`OrderIdConflict`), or by an order already settled (`OrderAlreadyProcessed`). Use a new orderId.',
      schema: errorResponseSchema,
      examples: {
        conflict: { summary: 'A different order under a used id', value: errorExamples.orderIdConflict },
        processed: { summary: 'An id an earlier run already settled', value: errorExamples.orderAlreadyProcessed },
      },
    },
    503: temporalUnavailable,
  },
} as const satisfies Endpoint;

export const getOrderEndpoint = {
  operationId: 'getOrder',
  method: 'GET',
  path: '/orders/:orderId',
  summary: 'An order, in one shape whatever its state',
  description:
    '`status` is always an order status; `closedAt` is set once it is final (COMPLETED, REJECTED, CANCELLED). While the order runs, `progress` says what it waits on and which partner calls are in flight; a rejection is one `failure` object with `whatToDo`.',
  params: orderIdParamsSchema,
  responses: {
    200: { description: 'The order.', schema: orderViewSchema, examples: orderViewExamples },
    400: invalidRequest,
    404: orderNotFound,
    503: temporalUnavailable,
  },
} as const satisfies Endpoint;

export const cancelOrderEndpoint = {
  operationId: 'cancelOrder',
  method: 'POST',
  path: '/orders/:orderId/cancel',
  summary: 'Cancel an order that has not been booked yet',
  description:
    'Runs the `cancelOrder` update and answers 202 as soon as the order accepts it; undoing what it did (releasing stock, voiding the authorization) continues in the order. Follow `statusUrl` until `status` is final: that is the real outcome. Retrying is safe: a second cancel joins the first.',
  params: orderIdParamsSchema,
  body: cancelRequestSchema,
  bodyExamples: { cancel: { summary: 'A customer request', value: { reason: 'customer changed their mind' } } },
  responses: {
    202: {
      description: 'The order accepted the cancellation and is undoing what it did.',
      schema: cancelAcceptedSchema,
      headers: statusUrl,
      examples: { accepted: { summary: 'Accepted', value: cancelAcceptedExample } },
    },
    400: invalidRequest,
    404: orderNotFound,
    409: {
      description:
        'The order refused: it is already closed, already being rejected, or its carrier is booked (then it completes).',
      schema: errorResponseSchema,
      examples: error('Too late: booked', errorExamples.cancelRefused),
    },
    503: temporalUnavailable,
  },
} as const satisfies Endpoint;

export const healthEndpoint = {
  operationId: 'health',
  method: 'GET',
  path: '/healthz',
  summary: 'Is the API up, and can it reach Temporal?',
  description: 'Answers within 2 s whether or not Temporal answers; the API keeps listening while Temporal is down.',
  responses: {
    200: { description: 'Temporal answered.', schema: healthSchema, examples: { ok: healthExamples.ok } },
    503: {
      description: 'Temporal did not answer in time; orders cannot be placed right now.',
      schema: healthSchema,
      examples: { unavailable: healthExamples.unavailable },
    },
  },
} as const satisfies Endpoint;

export const openApiEndpoint = {
  operationId: 'openApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This description (OpenAPI 3.1)',
  responses: {
    200: { description: 'The OpenAPI document, also committed as docs/openapi.json.', schema: openApiDocumentSchema },
  },
} as const satisfies Endpoint;

export const ENDPOINTS: readonly Endpoint[] = [
  placeOrderEndpoint,
  getOrderEndpoint,
  cancelOrderEndpoint,
  healthEndpoint,
  openApiEndpoint,
];

/** Answers any endpoint can give, from the limits and the error handler rather than the endpoint itself. */
export function allResponses(endpoint: Endpoint): Record<number, EndpointResponse> {
  const bodyRefusals: Record<number, EndpointResponse> = endpoint.body
    ? {
        413: { description: 'The body is larger than the limit (64 KB).', schema: errorResponseSchema },
        415: { description: 'The body is not `application/json`.', schema: errorResponseSchema },
      }
    : {};
  const authRefusals: Record<number, EndpointResponse> =
    requiredScope(endpoint.method, endpoint.path) === undefined
      ? {}
      : {
          401: {
            description: 'No API key, or not a valid one (when the API has keys configured).',
            schema: errorResponseSchema,
            examples: error('No or wrong key', {
              error: 'Unauthorized',
              message: 'a valid API key is required: Authorization: Bearer <secret>',
              requestId: EXAMPLE_REQUEST_ID,
            }),
          },
          403: {
            description: 'The API key lacks the scope this operation needs.',
            schema: errorResponseSchema,
            examples: error('Missing scope', {
              error: 'Forbidden',
              message: 'API key "support-dashboard" lacks the scope orders:cancel',
              requestId: EXAMPLE_REQUEST_ID,
            }),
          },
        };
  return {
    ...endpoint.responses,
    ...bodyRefusals,
    ...authRefusals,
    429: {
      description:
        'This client sent too many requests; retry after `Retry-After` seconds. Other clients are not affected.',
      schema: errorResponseSchema,
      headers: { 'Retry-After': 'seconds until the window resets' },
    },
    500: {
      description: 'Unexpected error; the message carries the request id to find it in the server log (no internals).',
      schema: errorResponseSchema,
    },
  };
}
