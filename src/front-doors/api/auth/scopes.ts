import type { ApiScope } from './api-keys';

/** Open to anyone: liveness for load balancers, and the API's public description. */
export const OPEN_ROUTES: ReadonlySet<string> = new Set(['GET /healthz', 'GET /openapi.json']);

/**
 * The scope a route needs, from its method and path pattern: cancelling has a scope of its own (a
 * support tool may cancel without placing), reading is `orders:read`, any other change `orders:write`.
 * Undefined for open routes; unknown routes (404s) still need a valid key, so they reveal nothing.
 */
export function requiredScope(method: string, routeUrl: string | undefined): ApiScope | 'any-key' | undefined {
  if (routeUrl && OPEN_ROUTES.has(`${method} ${routeUrl}`)) return undefined;
  if (!routeUrl?.startsWith('/orders')) return 'any-key';
  if (routeUrl.endsWith('/cancel')) return 'orders:cancel';
  return method === 'GET' || method === 'HEAD' ? 'orders:read' : 'orders:write';
}
