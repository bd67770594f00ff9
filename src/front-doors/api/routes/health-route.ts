import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { healthEndpoint } from '../contract/endpoints';
import { registerEndpoint } from '../http/register-endpoint';
import { HEALTH_CHECK_DEADLINE_MS } from '../limits';

/** GET /healthz: can this API reach Temporal right now? Answers within the deadline either way. */
export function registerHealthRoute(app: FastifyInstance, client: Client): void {
  registerEndpoint(app, healthEndpoint, async (_input, request) => {
    const startedAt = performance.now();
    const namespace = client.options.namespace;
    try {
      const info = await client.connection.withDeadline(Date.now() + HEALTH_CHECK_DEADLINE_MS, () =>
        client.workflowService.getSystemInfo({}),
      );
      const latencyMs = Math.round(performance.now() - startedAt);
      return {
        status: 200,
        body: {
          status: 'ok',
          temporal: 'reachable',
          namespace,
          latencyMs,
          ...(info.serverVersion ? { serverVersion: info.serverVersion } : {}),
        },
      };
    } catch (error) {
      request.log.warn({ err: error }, 'health check: Temporal unreachable');
      const reason = error instanceof Error ? error.message : String(error);
      return { status: 503, body: { status: 'unavailable', temporal: 'unreachable', namespace, error: reason } };
    }
  });
}
