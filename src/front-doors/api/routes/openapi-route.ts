import type { FastifyInstance } from 'fastify';
import { openApiEndpoint } from '../contract/endpoints';
import { openApiDocument } from '../contract/openapi';
import { registerEndpoint } from '../http/register-endpoint';

export function registerOpenApiRoute(app: FastifyInstance): void {
  const document = openApiDocument();
  registerEndpoint(app, openApiEndpoint, async () => ({ status: 200, body: document }));
}
