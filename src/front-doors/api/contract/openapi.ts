import { z } from 'zod';
import { allResponses, ENDPOINTS, type Endpoint, type EndpointResponse } from './endpoints';
import { apiSchemas } from './schemas';
import { requiredScope } from '../auth/scopes';

type JsonObject = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';

/**
 * The OpenAPI 3.1 description of the API, generated from the endpoint table and the zod schemas
 * the server validates with. Deterministic (the server URL is the documented default, not the
 * address it listens on), so the committed copy in docs/openapi.json can be compared with what a
 * running server serves.
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
      version: '2.0.0',
      description: [
        'The HTTP front door of OrderOps: place orders, follow them and cancel them.',
        '**Idempotency**: the `orderId` is the idempotency key. Retrying `POST /orders` with the same order never creates a second order; an orderId is processed at most once, for ever.',
        '**Errors**: every error answers with the same object: a stable `error` code, a `message` that says what to do, the `requestId` (also the `x-request-id` header), and `problems` naming each offending field for validation errors. A method a path does not support answers 405 with an `Allow` header.',
        '**Retries**: 503 and 429 carry `Retry-After`; both are safe to retry.',
        '**Request ids**: send `x-request-id` (1-128 letters, digits, `.`, `_`, `-`) to correlate with your logs; otherwise the API makes one.',
      ].join('\n\n'),
    },
    servers: [
      {
        url: 'http://127.0.0.1:8080',
        description: '`npm start` or `npm run api` on this machine (port `ORDEROPS_API_PORT`)',
      },
    ],
    paths,
    components: { schemas: components, headers: COMMON_HEADERS, securitySchemes: SECURITY_SCHEMES },
  };
}

/**
 * API keys (ORDEROPS_API_KEYS, docs/security.md). Each operation lists the scope it needs; with no
 * keys configured the API listens on loopback only and asks for none.
 */
const SECURITY_SCHEMES: Record<string, JsonObject> = {
  apiKey: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An OrderOps API key: `Authorization: Bearer <secret>`. Scopes: `orders:write` (place), `orders:read` (follow), `orders:cancel` (cancel).',
  },
};

/** Headers on every answer. */
const COMMON_HEADERS: Record<string, JsonObject> = {
  'x-request-id': {
    description: "the request's id: the caller's `x-request-id` when it sent a valid one, else a new UUID",
    schema: { type: 'string' },
  },
  'x-ratelimit-limit': { description: 'requests this client may send per window', schema: { type: 'integer' } },
  'x-ratelimit-remaining': { description: 'requests left in the current window', schema: { type: 'integer' } },
  'x-ratelimit-reset': { description: 'seconds until the window resets', schema: { type: 'integer' } },
};

function operationSecurity(endpoint: Endpoint): JsonObject[] {
  const scope = requiredScope(endpoint.method, endpoint.path);
  if (scope === undefined) return [];
  return [{ apiKey: scope === 'any-key' ? [] : [scope] }];
}

function operation(endpoint: Endpoint): JsonObject {
  return {
    operationId: endpoint.operationId,
    summary: endpoint.summary,
    security: operationSecurity(endpoint),
    ...(endpoint.description ? { description: endpoint.description } : {}),
    parameters: [
      ...(endpoint.params ? pathParameters(endpoint.params) : []),
      {
        name: 'x-request-id',
        in: 'header',
        required: false,
        description: 'your correlation id, echoed in the answer',
        schema: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,128}$' },
      },
    ],
    ...(endpoint.body
      ? {
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: schemaRef(endpoint.body),
                ...(endpoint.bodyExamples ? { examples: endpoint.bodyExamples } : {}),
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(allResponses(endpoint)).map(([status, response]) => [status, responseObject(response)]),
    ),
  };
}

function responseObject(response: EndpointResponse): JsonObject {
  const specific = Object.fromEntries(
    Object.entries(response.headers ?? {}).map(([name, description]) => [
      name,
      { description, schema: { type: 'string' } },
    ]),
  );
  const common = Object.fromEntries(
    Object.keys(COMMON_HEADERS).map((name) => [name, { $ref: `#/components/headers/${name}` }]),
  );
  return {
    description: response.description,
    headers: { ...common, ...specific },
    content: {
      'application/json': {
        schema: schemaRef(response.schema),
        ...(response.examples ? { examples: response.examples } : {}),
      },
    },
  };
}

function pathParameters(params: z.ZodObject): JsonObject[] {
  return Object.entries(params.shape).map(([name, schema]) => ({
    name,
    in: 'path',
    required: true,
    schema: withoutNoise(z.toJSONSchema(schema as z.ZodType, { io: 'input' }) as JsonObject),
  }));
}

function schemaRef(schema: z.ZodType): JsonObject {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error('every request and response schema must be registered in apiSchemas (contract/schemas.ts)');
  return { $ref: `${COMPONENT_PREFIX}${id}` };
}

function componentSchemas(): Record<string, JsonObject> {
  const { schemas } = z.toJSONSchema(apiSchemas, { io: 'input', uri: (id) => `${COMPONENT_PREFIX}${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutNoise(schema as JsonObject)]));
}

/**
 * OpenAPI 3.1 schemas are JSON Schema 2020-12 already, so `$schema`/`$id` per component are noise;
 * so are the safe-integer bounds zod adds to every `.int()` (`minimum: -9007199254740991`).
 */
function withoutNoise(schema: JsonObject): JsonObject {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return stripSafeIntegerBounds(rest) as JsonObject;
}

function stripSafeIntegerBounds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSafeIntegerBounds);
  if (!value || typeof value !== 'object') return value;
  const entries = Object.entries(value as JsonObject).filter(
    ([key, inner]) =>
      !(
        (key === 'minimum' && inner === Number.MIN_SAFE_INTEGER) ||
        (key === 'maximum' && inner === Number.MAX_SAFE_INTEGER)
      ),
  );
  return Object.fromEntries(entries.map(([key, inner]) => [key, stripSafeIntegerBounds(inner)]));
}

function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}
