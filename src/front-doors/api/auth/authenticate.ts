import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findKey, type ApiKey } from './api-keys';
import { requiredScope } from './scopes';

declare module 'fastify' {
  interface FastifyRequest {
    /** The key that authenticated this request; undefined when auth is off (loopback only). */
    apiKey?: ApiKey;
  }
}

/**
 * API-key authentication (`Authorization: Bearer <secret>`), as an onRequest hook that runs before
 * anything else looks at the request. 401 for a missing or unknown key, with one message whatever
 * was wrong; 403 when the key is valid but lacks the route's scope. The key's name, never its
 * secret, goes into the request's log lines.
 */
export function requireApiKeys(app: FastifyInstance, keys: readonly ApiKey[]): void {
  app.addHook('onRequest', async (request, reply) => {
    const scope = requiredScope(request.method, request.routeOptions.url);
    if (scope === undefined) return;
    const key = presentedKey(request, keys);
    if (!key)
      return refuse(request, reply, 401, 'Unauthorized', 'a valid API key is required: Authorization: Bearer <secret>');
    request.apiKey = key;
    request.log = request.log.child({ apiKey: key.name });
    if (scope !== 'any-key' && !key.scopes.has(scope)) {
      return refuse(request, reply, 403, 'Forbidden', `API key "${key.name}" lacks the scope ${scope}`);
    }
  });
}

/** Who placed an order, for its memo: the key's name. */
export function callerName(request: FastifyRequest): string | undefined {
  return request.apiKey?.name;
}

function presentedKey(request: FastifyRequest, keys: readonly ApiKey[]): ApiKey | undefined {
  const match = /^Bearer ([^\s]+)$/i.exec(request.headers.authorization ?? '');
  return match ? findKey(keys, match[1] as string) : undefined;
}

async function refuse(
  request: FastifyRequest,
  reply: FastifyReply,
  status: 401 | 403,
  error: string,
  message: string,
): Promise<FastifyReply> {
  if (status === 401) void reply.header('www-authenticate', 'Bearer');
  return reply.code(status).send({ error, message, requestId: request.id });
}
