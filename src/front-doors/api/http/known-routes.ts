import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

const routesByApp = new WeakMap<FastifyInstance, KnownRoute[]>();

/**
 * Remembers every route as it is added (any plugin's too, since the hook is registered first), so
 * a request with a method a known path does not support is answered 405 with `Allow`, not 404.
 */
export function rememberRoutes(app: FastifyInstance): void {
  const routes: KnownRoute[] = [];
  routesByApp.set(app, routes);
  app.addHook('onRoute', (route) => {
    const pattern = routePattern(route.url ?? route.path);
    const methods = [route.method].flat().map((method) => method.toUpperCase());
    const known = routes.find((r) => r.pattern.source === pattern.source);
    if (known) for (const method of methods) known.methods.add(method);
    else routes.push({ pattern, methods: new Set(methods) });
  });
}

/** The methods the routes at this path accept; empty when no route has this path. */
export function allowedMethods(app: FastifyInstance, path: string): string[] {
  const methods = new Set<string>();
  for (const route of routesByApp.get(app) ?? [])
    if (route.pattern.test(path)) for (const method of route.methods) methods.add(method);
  return [...methods].sort();
}

function routePattern(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}
