import type { z } from 'zod';
import { orderSchema } from '../../../domain/order';
import {
  cancelRefusedSchema,
  cancelRequestSchema,
  cancelOutcomeSchema,
  errorResponseSchema,
  healthSchema,
  openApiDocumentSchema,
  orderConflictSchema,
  orderIdParamsSchema,
  orderSnapshotSchema,
  placedOrderSchema,
  problemsResponseSchema,
} from './schemas';

export interface EndpointResponse {
  description: string;
  schema: z.ZodType;
  headers?: Record<string, string>;
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
  responses: Record<number, EndpointResponse>;
}

const invalidRequest = { description: 'The request names an invalid field; nothing was started.', schema: problemsResponseSchema };
const orderNotFound = { description: 'No order has this id.', schema: errorResponseSchema };
const temporalUnavailable = {
  description:
    'Temporal did not answer in time (unreachable, or a cancellation still undoing steps); retry after `Retry-After` seconds: placing and cancelling are idempotent.',
  schema: errorResponseSchema,
  headers: { 'Retry-After': 'seconds to wait before retrying' },
};

export const placeOrderEndpoint = {
  operationId: 'placeOrder',
  method: 'POST',
  path: '/orders',
  summary: 'Place an order (idempotent by orderId)',
  description: [
    'Validates the order and starts `processOrder` with workflow id `order-<orderId>`.',
    'Placing is idempotent by orderId: posting the same order again (a client retry) starts nothing and answers 200 with `created: false`;',
    'a different order under an id already used is refused with 409. Order ids are single-use, even after the order finished.',
  ].join(' '),
  body: orderSchema,
  responses: {
    202: { description: 'Accepted: the order started. Follow it at `statusUrl`.', schema: placedOrderSchema, headers: { Location: 'the statusUrl' } },
    200: { description: 'This exact order had already been placed: nothing new was started (`created: false`).', schema: placedOrderSchema, headers: { Location: 'the statusUrl' } },
    400: { description: 'Invalid order, malformed JSON or an empty body; every offending field is named and no workflow was started.', schema: problemsResponseSchema },
    409: { description: 'The orderId already holds a different order; use a new orderId for a new order.', schema: orderConflictSchema },
    503: temporalUnavailable,
  },
} as const satisfies Endpoint;

export const getOrderEndpoint = {
  operationId: 'getOrder',
  method: 'GET',
  path: '/orders/:orderId',
  summary: "An order's live status, or its result or failure once closed",
  description: 'Running orders answer with the workflow `status` query and the partner calls pending right now; closed ones with their result or failure.',
  params: orderIdParamsSchema,
  responses: {
    200: { description: 'The order.', schema: orderSnapshotSchema },
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
  description: 'Runs the `cancelOrder` update and answers once the order has undone what it did (compensations included).',
  params: orderIdParamsSchema,
  body: cancelRequestSchema,
  responses: {
    200: { description: 'The order is cancelled; what was undone is listed.', schema: cancelOutcomeSchema },
    400: invalidRequest,
    404: orderNotFound,
    409: { description: 'The order refused: it already finished, is being rejected, or its carrier is booked.', schema: cancelRefusedSchema },
    503: temporalUnavailable,
  },
} as const satisfies Endpoint;

export const healthEndpoint = {
  operationId: 'health',
  method: 'GET',
  path: '/healthz',
  summary: 'Can the API reach Temporal?',
  responses: {
    200: { description: 'Temporal answered.', schema: healthSchema },
    503: { description: 'Temporal did not answer in time; orders cannot be placed right now.', schema: healthSchema },
  },
} as const satisfies Endpoint;

export const openApiEndpoint = {
  operationId: 'openApi',
  method: 'GET',
  path: '/openapi.json',
  summary: 'This description (OpenAPI 3.1)',
  responses: { 200: { description: 'The OpenAPI document, also committed as docs/openapi.json.', schema: openApiDocumentSchema } },
} as const satisfies Endpoint;

export const ENDPOINTS: readonly Endpoint[] = [placeOrderEndpoint, getOrderEndpoint, cancelOrderEndpoint, healthEndpoint, openApiEndpoint];

/** Answers any endpoint can give, from the limits and the error handler rather than the endpoint itself. */
export function allResponses(endpoint: Endpoint): Record<number, EndpointResponse> {
  const bodyRefusals: Record<number, EndpointResponse> = endpoint.body
    ? {
        413: { description: 'The body is larger than the limit.', schema: errorResponseSchema },
        415: { description: 'The body is not `application/json`.', schema: errorResponseSchema },
      }
    : {};
  return {
    ...endpoint.responses,
    ...bodyRefusals,
    429: {
      description: 'This client sent too many requests; retry after `Retry-After` seconds. Other clients are not affected.',
      schema: errorResponseSchema,
      headers: { 'Retry-After': 'seconds until the window resets' },
    },
    500: { description: 'Unexpected error; the message carries the request id to find it in the server log (no internals).', schema: errorResponseSchema },
  };
}
