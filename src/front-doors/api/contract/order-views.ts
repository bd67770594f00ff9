import { z } from 'zod';
import type { OrderSnapshot } from '../../client/orderops-client';
import { ORDER_STATUSES, type CancelOrderOutcome } from '../../../contracts/order-workflow';

/**
 * The workflow's public shapes (shared/order-workflow-api.ts) as zod schemas, so the OpenAPI
 * description can document what GET and cancel answer. The assertion at the bottom stops the
 * build when the TypeScript types change in a way these schemas no longer describe.
 */
const orderStatus = z.enum(ORDER_STATUSES);

const stepView = z.object({
  step: z.string(),
  partner: z.string(),
  state: z.enum(['running', 'done', 'failed', 'cancelled', 'skipped']),
  detail: z.string().optional(),
});

const partnerFailure = z.object({
  partner: z.string(),
  step: z.string(),
  cause: z.string().describe('the failure type, e.g. PaymentDeclined, AddressInvalid, PartnerUnavailable'),
  message: z.string(),
});

export const compensationRecordSchema = z.object({
  step: z.string(),
  partner: z.string(),
  outcome: z.enum(['done', 'not-needed', 'failed']),
  detail: z.string().optional(),
});

const chosenRoute = z.object({
  warehouseId: z.string(),
  carrierId: z.string(),
  costMinor: z.number().int(),
  etaHours: z.number(),
  distanceKm: z.number(),
  chosenBy: z.enum(['scorer', 'cheapest-quote']),
});

const quoteSummary = z.object({ requested: z.number().int(), received: z.number().int(), partial: z.boolean() });
const cancellation = z.object({ reason: z.string() });

export const orderStatusViewSchema = z.object({
  orderId: z.string(),
  status: orderStatus,
  waitingOn: z.string().describe('what the order waits on right now, in words'),
  steps: z.array(stepView),
  quotes: quoteSummary.optional(),
  route: chosenRoute.optional(),
  failure: partnerFailure.optional(),
  cancellation: cancellation.optional(),
  compensations: z.array(compensationRecordSchema),
});

export const orderResultSchema = z.object({
  orderId: z.string(),
  status: z.enum(['COMPLETED', 'CANCELLED']),
  totalMinor: z.number().int(),
  currency: z.string(),
  route: chosenRoute.optional(),
  booking: z.object({ bookingId: z.string(), trackingNumber: z.string() }).optional(),
  captureId: z.string().optional(),
  quotes: quoteSummary.optional(),
  warehouseSource: z.string().optional(),
  cancellation: cancellation.optional(),
  compensations: z.array(compensationRecordSchema),
});

const pendingCall = z.object({
  activity: z.string(),
  summary: z.string().optional(),
  attempt: z.number().int(),
  state: z.string(),
  lastFailure: z.string().optional(),
});

export const orderSnapshotSchema = z.discriminatedUnion('state', [
  z.object({ orderId: z.string(), state: z.literal('running'), status: orderStatusViewSchema, pendingCalls: z.array(pendingCall) }),
  z.object({ orderId: z.string(), state: z.literal('completed'), status: orderStatus, result: orderResultSchema }),
  z.object({
    orderId: z.string(),
    state: z.literal('failed'),
    status: orderStatus,
    failure: z.object({ type: z.string().optional(), message: z.string(), details: z.unknown().optional() }),
  }),
  z.object({ orderId: z.string(), state: z.literal('closed'), status: orderStatus, closedAs: z.string() }),
]);

export const cancelOutcomeSchema = z.object({
  orderId: z.string(),
  status: z.literal('CANCELLED'),
  reason: z.string(),
  compensations: z.array(compensationRecordSchema),
});

type Describes<Schema extends z.ZodType, T> = [T] extends [z.output<Schema>] ? true : false;
const _typesAreDescribed: [Describes<typeof orderSnapshotSchema, OrderSnapshot>, Describes<typeof cancelOutcomeSchema, CancelOrderOutcome>] = [true, true];
