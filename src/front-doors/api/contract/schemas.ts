import { z } from 'zod';
import { orderSchema } from '../../../domain/order';
import { cancelAcceptedSchema, orderViewSchema } from './order-views';

export { cancelAcceptedSchema, orderViewSchema };

/**
 * Every body and parameter the HTTP API accepts or answers, as zod schemas. The server validates
 * requests with these very objects and the OpenAPI description is generated from them, so the
 * two cannot disagree.
 */
export const orderIdParamsSchema = z.strictObject({ orderId: orderSchema.shape.orderId });

export const cancelRequestSchema = z.strictObject({
  reason: z
    .string({ error: 'reason must be a string' })
    .trim()
    .min(1, 'reason must say why the order is cancelled (operators read it)')
    .max(500, 'reason must be at most 500 characters'),
});

export const placedOrderSchema = z.object({
  orderId: z.string(),
  workflowId: z.string().describe('the Temporal workflow id, `order-<orderId>`'),
  statusUrl: z.string().describe('where to follow the order: GET it'),
  created: z.boolean().describe('false when this exact order had already been placed: nothing new was started'),
});

export const fieldProblemSchema = z.object({
  field: z
    .string()
    .describe('dotted path of the offending field, e.g. `items.0.quantity`; `(body)` for the whole document'),
  message: z.string(),
});

export const ERROR_CODES = [
  'InvalidOrder',
  'InvalidRequest',
  'MalformedJson',
  'OrderNotFound',
  'OrderIdConflict',
  'OrderAlreadyProcessed',
  'CancelRefused',
  'NotFound',
  'MethodNotAllowed',
  'PayloadTooLarge',
  'UnsupportedMediaType',
  'RequestTimeout',
  'RateLimited',
  'BadRequest',
  'TemporalUnavailable',
  'InternalError',
] as const;

/** The one error object: every 4xx and 5xx answer has this shape. */
export const errorResponseSchema = z.object({
  error: z.string().describe(`a stable machine-readable code: ${ERROR_CODES.join(', ')} (new codes may be added)`),
  message: z.string().describe('what went wrong and what to do, in words'),
  requestId: z.string().describe('also in the `x-request-id` header; quote it when asking about this request'),
  problems: z
    .array(fieldProblemSchema)
    .min(1)
    .optional()
    .describe('validation errors only: every offending field, not just the first'),
  orderId: z.string().optional().describe('the order the error is about, when there is one'),
});

export const healthSchema = z.object({
  status: z
    .enum(['ok', 'unavailable'])
    .describe('`unavailable`: orders cannot be placed, followed or cancelled right now'),
  temporal: z.enum(['reachable', 'unreachable']),
  namespace: z.string(),
  latencyMs: z.number().min(0).optional(),
  serverVersion: z.string().optional(),
  error: z.string().optional().describe('why Temporal is unreachable'),
});

export const openApiDocumentSchema = z.record(z.string(), z.unknown());

/** Named schemas become `#/components/schemas/<id>` in the OpenAPI description. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();
apiSchemas.add(orderSchema, {
  id: 'Order',
  description: 'An order as other services send it; `examples/order.json` is one.',
});
apiSchemas.add(cancelRequestSchema, { id: 'CancelRequest' });
apiSchemas.add(placedOrderSchema, { id: 'PlacedOrder' });
apiSchemas.add(fieldProblemSchema, { id: 'FieldProblem' });
apiSchemas.add(errorResponseSchema, {
  id: 'Error',
  description:
    'Every error answer: a stable code, a message, the request id, and the offending fields for validation errors.',
});
apiSchemas.add(orderViewSchema, {
  id: 'OrderView',
  description:
    'One shape for an order in every state: the same keys always present, `status` always an order status, `progress` only while it runs.',
});
apiSchemas.add(cancelAcceptedSchema, {
  id: 'CancelAccepted',
  description: 'The order accepted the cancellation and is undoing what it did.',
});
apiSchemas.add(healthSchema, { id: 'Health' });
apiSchemas.add(openApiDocumentSchema, { id: 'OpenApiDocument' });
