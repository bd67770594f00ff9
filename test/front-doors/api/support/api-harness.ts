import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { request, type Dispatcher } from 'undici';
import { buildApi, type ApiDependencies } from '../../../../src/front-doors/api/build-api';
import { allResponses, type Endpoint } from '../../../../src/front-doors/api/contract/endpoints';
import { orderWorkflowId } from '../../../../src/contracts/workflow-names';

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
  /** A JSON value (serialized) or a raw string sent as is. */
  json?: unknown;
  raw?: string;
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

/** Fails unless the answer is one the endpoint documents, with a body its OpenAPI schema describes. */
export function expectDocumented(endpoint: Endpoint, answer: HttpAnswer): void {
  const documented = allResponses(endpoint)[answer.status];
  if (!documented) throw new Error(`${endpoint.operationId} answered ${answer.status}, which its contract does not document: ${answer.text}`);
  const parsed = documented.schema.safeParse(answer.body);
  if (!parsed.success) throw new Error(`${endpoint.operationId} ${answer.status} body does not match its schema: ${parsed.error.message}\n${answer.text}`);
}

/** A plain client on the run's dev server, for tests that need no workers. */
export async function connectTestClient(): Promise<{ client: Client; close(): Promise<void> }> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the tests through vitest');
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' }), close: () => connection.close() };
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
