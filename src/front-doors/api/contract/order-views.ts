import { z } from 'zod';
import type { OrderView } from '../../client/orderops-client';
import { ORDER_STATUSES } from '../../../contracts/order-workflow';
import { QUOTE_OUTCOMES } from '../../client/order-view';

/**
 * The client's OrderView as a zod schema, so the OpenAPI description documents what GET answers.
 * The assertion at the bottom stops the build when the TypeScript type changes in a way this
 * schema no longer describes.
 */
const orderStatus = z
  .enum(ORDER_STATUSES)
  .describe(
    'Always one of these strings. COMPLETED, REJECTED and CANCELLED are final (then `closedAt` is set); the others say where a running order is.',
  );

const stepView = z.object({
  step: z.string(),
  partner: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  detail: z.string().optional(),
});

const pendingCall = z.object({
  activity: z.string(),
  attempt: z.number().int().min(1),
  state: z.string().describe('SCHEDULED, STARTED, CANCEL_REQUESTED...'),
  lastFailure: z.string().optional().describe("the previous attempt's failure, when this is a retry"),
});

const progress = z
  .object({
    waitingOn: z.string().describe('what the order waits on right now, in words'),
    steps: z
      .array(stepView)
      .describe('failing and running steps first; the carrier quotes folded into one `quote-carriers` step'),
    pendingCalls: z.array(pendingCall).describe('the partner calls in flight right now'),
  })
  .nullable()
  .describe('Only while the order runs; null once it is closed.');

export const compensationRecordSchema = z.object({
  step: z.string(),
  partner: z.string(),
  outcome: z.enum(['done', 'not-needed', 'failed']),
  detail: z.string().optional(),
});

const chosenRoute = z.object({
  warehouseId: z.string(),
  carrierId: z.string(),
  costMinor: z.number().int().min(0),
  etaHours: z.number(),
  distanceKm: z.number(),
  chosenBy: z.enum(['scorer', 'cheapest-quote']),
});

const quotes = z
  .object({
    requested: z.number().int().min(0),
    received: z.number().int().min(0),
    partial: z.boolean().describe('true when some carriers gave no quote and the order went on with the rest'),
    outcomes: z
      .partialRecord(z.enum(QUOTE_OUTCOMES), z.number().int().min(0))
      .nullable()
      .describe('how many carriers ended each way (null for orders recorded before per-carrier outcomes)'),
  })
  .nullable();

export const orderFailureSchema = z
  .object({
    code: z
      .string()
      .describe(
        'stable: PaymentDeclined, OutOfStock, AddressInvalid, FraudRejected, NoCarrierQuotes, CarriersRefused, PartnerUnavailable, InvalidOrder, DuplicateOrder, WorkflowTerminated...',
      ),
    message: z.string().describe("why, in the partner's words where it gave any"),
    partner: z.string().nullable(),
    step: z.string().nullable(),
    whatToDo: z.string().describe('what the caller can do about it'),
  })
  .nullable()
  .describe('Set when the order is (being) rejected; null otherwise.');

const attentionItem = z.object({ partner: z.string(), step: z.string(), reason: z.string() });

export const orderViewSchema = z.object({
  orderId: z.string(),
  workflowId: z.string().describe('the Temporal workflow id, `order-<orderId>`'),
  status: orderStatus,
  startedAt: z.string().nullable().describe('ISO 8601'),
  closedAt: z.string().nullable().describe('ISO 8601; null while the order runs'),
  progress,
  quotes,
  route: chosenRoute.nullable(),
  booking: z.object({ bookingId: z.string(), trackingNumber: z.string() }).nullable(),
  captureId: z.string().nullable(),
  failure: orderFailureSchema,
  cancellation: z.object({ reason: z.string() }).nullable(),
  compensations: z.array(compensationRecordSchema).describe('what was undone, step by step'),
  attention: z
    .array(attentionItem)
    .describe('what is left at a partner for an operator to settle; empty when nothing is'),
  note: z.string().nullable(),
});

export const cancelAcceptedSchema = z.object({
  orderId: z.string(),
  cancellation: z.literal('accepted'),
  reason: z.string(),
  statusUrl: z.string().describe('follow the order here until `status` is final; the answer is its real final state'),
  message: z.string(),
});

type Describes<Schema extends z.ZodType, T> = [T] extends [z.output<Schema>] ? true : false;
const _typesAreDescribed: Describes<typeof orderViewSchema, OrderView> = true;
