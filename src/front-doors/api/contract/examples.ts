import type { OrderStatus } from '../../../contracts/order-workflow';
import { orderWorkflowId } from '../../../contracts/workflow-names';
import { sampleOrder } from '../../../domain/sample-order';
import { emptyView, type OrderView } from '../../client/order-view';

/** Examples for the OpenAPI description, shaped like real answers (the tests check them against the schemas). */
export const orderExample = sampleOrder({ orderId: 'A1001' });

export const placedExample = {
  orderId: 'A1001',
  workflowId: orderWorkflowId('A1001'),
  statusUrl: '/orders/A1001',
  created: true,
};

function exampleView(status: OrderStatus, closedAt: string | null): OrderView {
  return emptyView('A1001', orderWorkflowId('A1001'), status, { startedAt: '2026-12-04T10:00:00.000Z', closedAt });
}

const route = {
  warehouseId: 'wh-03',
  carrierId: 'carrier-07',
  costMinor: 790,
  etaHours: 30,
  distanceKm: 412.5,
  chosenBy: 'scorer' as const,
};
const quotes = { requested: 12, received: 11, partial: true, outcomes: { quoted: 11, 'timed-out': 1 } };

export const orderViewExamples: Record<string, { summary: string; value: OrderView }> = {
  running: {
    summary: 'Running: waiting on the card network',
    value: {
      ...exampleView('RESERVING', null),
      progress: {
        waitingOn: 'payments: authorize-payment (attempt 2)',
        steps: [
          { step: 'authorize-payment', partner: 'payments', state: 'running' },
          {
            step: 'quote-carriers',
            partner: 'carriers',
            state: 'running',
            detail: '9 quoted, 3 asking of 12 carrier(s)',
          },
          { step: 'reserve-inventory', partner: 'inventory', state: 'done' },
        ],
        pendingCalls: [
          {
            activity: 'authorizePayment',
            attempt: 2,
            state: 'STARTED',
            lastFailure: 'payments answered 503 PartnerUnavailable',
          },
        ],
      },
    },
  },
  completed: {
    summary: 'Completed: booked and charged',
    value: {
      ...exampleView('COMPLETED', '2026-12-04T10:00:02.300Z'),
      quotes,
      route,
      booking: { bookingId: 'bk-5c1f', trackingNumber: 'TRK-0007-5c1f' },
      captureId: 'cap-91d2',
    },
  },
  rejected: {
    summary: 'Rejected: the card was declined; stock released, nothing charged',
    value: {
      ...exampleView('REJECTED', '2026-12-04T10:00:01.100Z'),
      failure: {
        code: 'PaymentDeclined',
        message: 'payments declined the card (insufficient funds)',
        partner: 'payments',
        step: 'authorize-payment',
        whatToDo:
          'Ask the customer for another payment method, then place the order again under a new orderId. Nothing was charged.',
      },
      compensations: [{ step: 'release-inventory', partner: 'inventory', outcome: 'done' }],
    },
  },
  cancelled: {
    summary: 'Cancelled by the customer before booking',
    value: {
      ...exampleView('CANCELLED', '2026-12-04T10:00:04.000Z'),
      cancellation: { reason: 'customer changed their mind' },
      compensations: [
        { step: 'void-payment', partner: 'payments', outcome: 'done' },
        { step: 'release-inventory', partner: 'inventory', outcome: 'done' },
      ],
    },
  },
};

export const cancelAcceptedExample = {
  orderId: 'A1001',
  cancellation: 'accepted' as const,
  reason: 'customer changed their mind',
  statusUrl: '/orders/A1001',
  message: 'the order accepted the cancellation and is undoing what it did; follow statusUrl until status is final',
};

export const errorExamples = {
  invalidOrder: {
    error: 'InvalidOrder',
    message: 'invalid order: 2 problem(s); nothing was started',
    requestId: '3f1b6c0e-6c1e-4f0a-9a57-2b1f3c4d5e6f',
    problems: [
      { field: 'items.0.quantity', message: 'quantity must be a whole number of at least 1' },
      { field: 'currency', message: 'currency must be one of EUR, USD, GBP' },
    ],
  },
  orderIdConflict: {
    error: 'OrderIdConflict',
    message: 'order A1001 already exists with a different body (items differ); use a new orderId for a new order',
    requestId: 'req-42',
    orderId: 'A1001',
  },
  orderAlreadyProcessed: {
    error: 'OrderAlreadyProcessed',
    message: 'order A1001 was already processed (run 0193... COMPLETED); use a new orderId for a new order',
    requestId: 'req-43',
    orderId: 'A1001',
  },
  notFound: { error: 'OrderNotFound', message: 'no order with id A1001', requestId: 'req-44', orderId: 'A1001' },
  cancelRefused: {
    error: 'CancelRefused',
    message:
      'order A1001 refused the cancellation: the carrier is already booked: the parcel exists, so the order can no longer be cancelled',
    requestId: 'req-45',
    orderId: 'A1001',
  },
  temporalUnavailable: {
    error: 'TemporalUnavailable',
    message: 'Temporal did not answer in time; retry after Retry-After seconds (placing and cancelling are idempotent)',
    requestId: 'req-46',
  },
};

export const healthExamples = {
  ok: {
    summary: 'Temporal answers',
    value: { status: 'ok', temporal: 'reachable', namespace: 'default', latencyMs: 3, serverVersion: '1.29.1' },
  },
  unavailable: {
    summary: 'Temporal cannot be reached',
    value: {
      status: 'unavailable',
      temporal: 'unreachable',
      namespace: 'default',
      error: '14 UNAVAILABLE: No connection established',
    },
  },
};
