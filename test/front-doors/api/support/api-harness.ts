import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { Client, Connection } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { request, type Dispatcher } from 'undici';
import { buildApi, type ApiDependencies } from '../../../../src/front-doors/api/build-api';
import { allResponses, type Endpoint } from '../../../../src/front-doors/api/contract/endpoints';
import { errorResponseSchema } from '../../../../src/front-doors/api/contract/schemas';
import { orderWorkflowId } from '../../../../src/contracts/workflow-names';
import { projectRoot } from '../../../../src/platform/config';

export interface RunningApi {
  url: string;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** The real API on a free loopback port; logs stay quiet unless LOG_LEVEL asks for them. */
export async function startApi(deps: Omit<ApiDependencies, 'log'>): Promise<RunningApi> {
  const app = await buildApi({ ...deps, log: pino({ level: process.env.LOG_LEVEL ?? 'silent' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, app, close: () => app.close() };
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text: string;
}

export interface SendOptions {
  /** A JSON value (serialized), or a raw string or bytes sent as they are. */
  json?: unknown;
  raw?: string | Buffer;
  contentType?: string;
  dispatcher?: Dispatcher;
}

export async function send(method: Dispatcher.HttpMethod, url: string, options: SendOptions = {}): Promise<HttpAnswer> {
  const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const contentType = options.contentType ?? (body === undefined ? undefined : 'application/json');
  const response = await request(url, {
    method,
    ...(body === undefined ? {} : { body }),
    headers: contentType ? { 'content-type': contentType } : {},
    ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
  });
  const text = await response.body.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.statusCode, headers: response.headers, body: parsed, text };
}

/**
 * Fails unless the answer is one the endpoint documents, with a body that both the zod schema and
 * the committed OpenAPI description (docs/openapi.json, through a JSON Schema validator) accept;
 * every error answer must be the one error object, with the request id of its header.
 */
export function expectDocumented(endpoint: Endpoint, answer: HttpAnswer): void {
  const documented = allResponses(endpoint)[answer.status];
  if (!documented)
    throw new Error(
      `${endpoint.operationId} answered ${answer.status}, which its contract does not document: ${answer.text}`,
    );
  const parsed = documented.schema.safeParse(answer.body);
  if (!parsed.success)
    throw new Error(
      `${endpoint.operationId} ${answer.status} body does not match its schema: ${parsed.error.message}\n${answer.text}`,
    );
  const committed = openApiResponseSchema(endpoint, answer.status);
  if (committed) expectMatchesOpenApi(committed, answer.body);
  // /healthz answers 503 with its own report; every other 4xx and 5xx is the error object.
  if (answer.status >= 400 && documented.schema === errorResponseSchema) expectErrorObject(answer);
}

/** The one error object: `error`, `message`, and the same `requestId` as the x-request-id header. */
export function expectErrorObject(answer: HttpAnswer): void {
  const body = answer.body as { error?: unknown; message?: unknown; requestId?: unknown } | undefined;
  if (
    typeof body?.error !== 'string' ||
    typeof body.message !== 'string' ||
    body.message === '' ||
    typeof body.requestId !== 'string'
  ) {
    throw new Error(`answer ${answer.status} is not the error object (error, message, requestId): ${answer.text}`);
  }
  if (body.requestId !== answer.headers['x-request-id'])
    throw new Error(
      `requestId ${body.requestId} is not the x-request-id header ${String(answer.headers['x-request-id'])}`,
    );
}

let openApi:
  | {
      document: {
        paths: Record<
          string,
          Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }>
        >;
      };
      ajv: Ajv2020;
    }
  | undefined;

function committedOpenApi(): NonNullable<typeof openApi> {
  if (!openApi) {
    const document = JSON.parse(readFileSync(path.join(projectRoot(), 'docs', 'openapi.json'), 'utf8')) as {
      components: unknown;
      paths: never;
    };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema({ $id: 'openapi.json', components: document.components });
    openApi = { document, ajv };
  }
  return openApi;
}

function openApiResponseSchema(endpoint: Endpoint, status: number): string | undefined {
  const openApiPath = endpoint.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  const ref =
    committedOpenApi().document.paths[openApiPath]?.[endpoint.method.toLowerCase()]?.responses[String(status)]
      ?.content?.['application/json']?.schema.$ref;
  return ref?.replace('#/components/schemas/', '');
}

/** Validates a body against a component schema of the committed docs/openapi.json. */
export function expectMatchesOpenApi(component: string, body: unknown): void {
  const { ajv } = committedOpenApi();
  const validate = ajv.getSchema(`openapi.json#/components/schemas/${component}`);
  if (!validate) throw new Error(`docs/openapi.json has no schema ${component}; run npm run openapi`);
  if (!validate(body))
    throw new Error(
      `body does not match ${component} in docs/openapi.json: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`,
    );
}

/** A plain client on the run's dev server, for tests that need no workers. */
export async function connectTestClient(): Promise<{ client: Client; close(): Promise<void> }> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests through vitest');
  const connection = await Connection.connect({ address });
  return {
    client: new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }),
    close: () => connection.close(),
  };
}

export async function workflowExists(client: Client, orderId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(orderWorkflowId(orderId)).describe();
    return true;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
