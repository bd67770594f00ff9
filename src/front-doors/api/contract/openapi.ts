import { z } from 'zod';
import { allResponses, ENDPOINTS, type Endpoint, type EndpointResponse } from './endpoints';
import { apiSchemas } from './schemas';

type JsonObject = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * The OpenAPI 3.1 description of the API, generated from the endpoint table and the zod schemas
 * the server validates with. Deterministic (no host, no port), so the committed copy in
 * docs/openapi.json can be compared with what a running server serves.
 */
export function openApiDocument(): JsonObject {
  const components = componentSchemas();
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const endpoint of ENDPOINTS) {
    const path = openApiPath(endpoint.path);
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operation(endpoint) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'OrderOps API',
      version: '1.0.0',
      description:
        'The HTTP front door of OrderOps: place orders (idempotent by orderId), follow them and cancel them. ' +
        'Every error answers with a stable `error` code and a message; validation errors name each offending field.',
    },
    paths,
    components: { schemas: components },
  };
}

function operation(endpoint: Endpoint): JsonObject {
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    ...(endpoint.description ? { description: endpoint.description } : {}),
    ...(endpoint.params ? { parameters: pathParameters(endpoint.params) } : {}),
    ...(endpoint.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaRef(endpoint.body) } } } } : {}),
    responses: Object.fromEntries(Object.entries(allResponses(endpoint)).map(([status, response]) => [status, responseObject(response)])),
  };
}

function responseObject(response: EndpointResponse): JsonObject {
  return {
    description: response.description,
    ...(response.headers
      ? { headers: Object.fromEntries(Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }])) }
      : {}),
    content: { 'application/json': { schema: schemaRef(response.schema) } },
  };
}

function pathParameters(params: z.ZodObject): JsonObject[] {
  return Object.entries(params.shape).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema: withoutDialect(z.toJSONSchema(schema as z.ZodType, { io: 'input' }) as JsonObject),
  }));
}

function schemaRef(schema: z.ZodType): JsonObject {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error('every request and response schema must be registered in apiSchemas (contract/schemas.ts)');
  return { $ref: `${COMPONENT_PREFIX}${id}` };
}

function componentSchemas(): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'input', uri: (id) => `${COMPONENT_PREFIX}${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as JsonObject)]));
}

/** OpenAPI 3.1 schemas are JSON Schema 2020-12 already; `$schema`/`$id` per component are noise. */
function withoutDialect(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
