import { z } from 'zod';
import { orderSchema } from '../../../domain/order';
import { cancelOutcomeSchema, orderSnapshotSchema } from './order-views';

export { cancelOutcomeSchema, orderSnapshotSchema };

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
  field: z.string().describe('dotted path of the offending field, e.g. `items.0.quantity`; `(body)` for the whole document'),
  message: z.string(),
});

export const problemsResponseSchema = z.object({
  error: z.enum(['InvalidOrder', 'InvalidRequest', 'MalformedJson']),
  problems: z.array(fieldProblemSchema).min(1).describe('every offending field, not just the first'),
});

export const errorResponseSchema = z.object({
  error: z.string().describe('a stable machine-readable code, e.g. OrderNotFound, RateLimited'),
  message: z.string(),
});

export const orderConflictSchema = z.object({
  error: z.literal('OrderIdConflict'),
  orderId: z.string(),
  message: z.string(),
});

export const cancelRefusedSchema = z.object({
  error: z.literal('CancelRefused'),
  orderId: z.string(),
  reason: z.string().describe('why the order refused, e.g. the carrier is already booked'),
  message: z.string(),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'unavailable']),
  temporal: z.object({
    reachable: z.boolean(),
    namespace: z.string(),
    latencyMs: z.number().optional(),
    serverVersion: z.string().optional(),
    error: z.string().optional(),
  }),
});

export const openApiDocumentSchema = z.record(z.string(), z.unknown());

/** Named schemas become `#/components/schemas/<id>` in the OpenAPI description. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();
apiSchemas.add(orderSchema, { id: 'Order', description: 'An order as other services send it.' });
apiSchemas.add(cancelRequestSchema, { id: 'CancelRequest' });
apiSchemas.add(placedOrderSchema, { id: 'PlacedOrder' });
apiSchemas.add(fieldProblemSchema, { id: 'FieldProblem' });
apiSchemas.add(problemsResponseSchema, { id: 'Problems', description: 'The request was refused before anything started; each offending field is named.' });
apiSchemas.add(errorResponseSchema, { id: 'Error' });
apiSchemas.add(orderConflictSchema, { id: 'OrderIdConflict', description: 'The order id already holds a different order.' });
apiSchemas.add(cancelRefusedSchema, { id: 'CancelRefused' });
apiSchemas.add(orderSnapshotSchema, { id: 'OrderSnapshot', description: 'Live status of a running order, or the result or failure of a closed one.' });
apiSchemas.add(cancelOutcomeSchema, { id: 'CancelOutcome' });
apiSchemas.add(healthSchema, { id: 'Health' });
apiSchemas.add(openApiDocumentSchema, { id: 'OpenApiDocument' });
