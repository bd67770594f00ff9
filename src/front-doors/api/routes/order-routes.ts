import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { OrderOpsClient, PlacedOrder } from '../../client/orderops-client';
import { cancelOrderEndpoint, getOrderEndpoint, placeOrderEndpoint } from '../contract/endpoints';
import { callerName } from '../auth/authenticate';
import { registerEndpoint, type Answer } from '../http/register-endpoint';
import { TEMPORAL_CALL_DEADLINE_MS } from '../limits';

/**
 * POST /orders, GET /orders/:orderId, POST /orders/:orderId/cancel: thin HTTP over the typed
 * client. Its typed errors (not found, conflict, refused) become 404/409 in the error handler,
 * and Temporal not answering within the deadline (after the client's bounded retries) a 503.
 */
export function registerOrderRoutes(app: FastifyInstance, orders: OrderOpsClient, client: Client): void {
  const within = <T>(call: () => Promise<T>) =>
    client.connection.withDeadline(Date.now() + TEMPORAL_CALL_DEADLINE_MS, call);

  registerEndpoint(app, placeOrderEndpoint, async ({ body }, request) =>
    placedAnswer(await within(() => orders.place(body, { source: callerName(request) }))),
  );

  registerEndpoint(app, getOrderEndpoint, async ({ params }) => ({
    status: 200,
    body: await within(() => orders.get(params.orderId)),
  }));

  // Answered once the order accepted the cancellation: undoing its steps can outlast any HTTP wait.
  registerEndpoint(app, cancelOrderEndpoint, async ({ params, body }) => {
    const requested = await within(() => orders.requestCancel(params.orderId, body.reason));
    const statusUrl = orderUrl(requested.orderId);
    return {
      status: 202,
      headers: { location: statusUrl },
      body: {
        orderId: requested.orderId,
        cancellation: 'accepted',
        reason: requested.reason,
        statusUrl,
        message:
          'the order accepted the cancellation and is undoing what it did; follow statusUrl until status is final',
      },
    };
  });
}

/**
 * 202 when this request started the order. A client retry of the same order answers 200 with
 * `created: false`: nothing new was accepted for processing, and the body still says where the
 * existing order is, so a client that lost the first answer can carry on as if it had it.
 */
function placedAnswer(placed: PlacedOrder): Answer {
  const statusUrl = orderUrl(placed.orderId);
  return {
    status: placed.created ? 202 : 200,
    headers: { location: statusUrl },
    body: { orderId: placed.orderId, workflowId: placed.workflowId, statusUrl, created: placed.created },
  };
}

export function orderUrl(orderId: string): string {
  return `/orders/${encodeURIComponent(orderId)}`;
}
