import type { FastifyInstance } from 'fastify';
import { orderOpsMetrics } from '../../../platform/telemetry/metrics';

/**
 * Counts and times every answer (orderops_api_requests_total, orderops_api_request_duration_seconds)
 * by route pattern, never by raw URL, so an order id never becomes a label.
 */
export function countApiRequests(app: FastifyInstance): void {
  const metrics = orderOpsMetrics();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unknown';
    metrics.apiRequests.inc({
      route,
      method: request.method,
      status: String(reply.statusCode),
      key: request.apiKey?.name ?? 'none',
    });
    metrics.apiRequestSeconds.observe({ route, method: request.method }, reply.elapsedTime / 1000);
  });
}
