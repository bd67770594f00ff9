import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { OrderOpsClient, PlacedOrder } from '../../client/orderops-client';
import { cancelOrderEndpoint, getOrderEndpoint, placeOrderEndpoint } from '../contract/endpoints';
import { registerEndpoint, type Answer } from '../http/register-endpoint';
import { CANCEL_DEADLINE_MS, TEMPORAL_CALL_DEADLINE_MS } from '../limits';

/**
 * POST /orders, GET /orders/:orderId, POST /orders/:orderId/cancel: thin HTTP over the typed
 * client. Its typed errors (not found, duplicate, refused) become 404/409 in the error handler,
 * and a Temporal call past its deadline becomes a 503.
 */
export function registerOrderRoutes(app: FastifyInstance, orders: OrderOpsClient, client: Client): void {
  const within = <T>(ms: number, call: () => Promise<T>) => client.connection.withDeadline(Date.now() + ms, call);

  registerEndpoint(app, placeOrderEndpoint, async ({ body }) => placedAnswer(await within(TEMPORAL_CALL_DEADLINE_MS, () => orders.place(body))));

  registerEndpoint(app, getOrderEndpoint, async ({ params }) => ({
    status: 200,
    body: await within(TEMPORAL_CALL_DEADLINE_MS, () => orders.get(params.orderId)),
  }));

  registerEndpoint(app, cancelOrderEndpoint, async ({ params, body }) => ({
    status: 200,
    body: await within(CANCEL_DEADLINE_MS, () => orders.cancel(params.orderId, body.reason)),
  }));
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
