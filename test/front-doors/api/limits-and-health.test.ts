import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelOrderEndpoint,
  getOrderEndpoint,
  healthEndpoint,
  placeOrderEndpoint,
} from '../../../src/front-doors/api/contract/endpoints';
import { OrderOpsClient } from '../../../src/front-doors/client/orderops-client';
import { retryTransient } from '../../../src/front-doors/client/transient';
import { findFreePort } from '../../../src/platform/free-port';
import { projectRoot } from '../../../src/platform/config';
import { sampleOrder } from '../../support/orderops-stack';
import {
  connectTestClient,
  expectDocumented,
  expectErrorObject,
  send,
  startApi,
  type RunningApi,
} from './support/api-harness';

describe('the API protects itself and says whether it can work', () => {
  let client: Client;
  let closeClient: () => Promise<void>;
  const apis: RunningApi[] = [];
  const agents: Agent[] = [];

  beforeAll(async () => {
    ({ client, close: closeClient } = await connectTestClient());
  });
  afterAll(async () => {
    await Promise.all(apis.map((api) => api.close()));
    await Promise.all(agents.map((agent) => agent.close()));
    await closeClient?.();
  });

  const started = async (api: Promise<RunningApi>) => {
    const running = await api;
    apis.push(running);
    return running;
  };
  /** Each agent connects from its own loopback address, so the API sees two different clients. */
  const clientAt = (localAddress: string) => {
    const agent = new Agent({ localAddress });
    agents.push(agent);
    return agent;
  };

  it('GET /healthz answers 200 when Temporal answers', async () => {
    const api = await started(startApi({ orders: new OrderOpsClient(client), client }));
    const answer = await send('GET', `${api.url}/healthz`);
    expect(answer.status).toBe(200);
    expectDocumented(healthEndpoint, answer);
    expect(answer.body).toMatchObject({ status: 'ok', temporal: 'reachable', namespace: 'default' });
  });

  it('answers 503 (healthz at once, placing with Retry-After) when Temporal cannot be reached', async () => {
    const nowhere = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` }) });
    const api = await started(startApi({ orders: new OrderOpsClient(nowhere), client: nowhere }));
    const health = await send('GET', `${api.url}/healthz`);
    expect(health.status).toBe(503);
    expectDocumented(healthEndpoint, health);
    expect(health.body).toMatchObject({ status: 'unavailable', temporal: 'unreachable' });

    const placing = await send('POST', `${api.url}/orders`, { json: sampleOrder() });
    expect(placing.status).toBe(503);
    expectDocumented(placeOrderEndpoint, placing);
    expect(placing.headers['retry-after']).toBeDefined();
    expect(placing.body).toMatchObject({ error: 'TemporalUnavailable' });
  });

  it('limits each client on its own: the noisy one gets 429 with Retry-After, a quiet one is still served', async () => {
    const api = await started(
      startApi({ orders: new OrderOpsClient(client), client, rateLimit: { max: 5, timeWindowMs: 60_000 } }),
    );
    const noisy = clientAt('127.0.0.2');
    const quiet = clientAt('127.0.0.1');
    const unknownOrder = `${api.url}/orders/${sampleOrder().orderId}`;
    const noisyAnswers = await Promise.all(
      Array.from({ length: 8 }, () => send('GET', unknownOrder, { dispatcher: noisy })),
    );
    expect(noisyAnswers.filter((a) => a.status === 404)).toHaveLength(5);
    const limited = noisyAnswers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(3);
    for (const answer of limited) {
      expectDocumented(getOrderEndpoint, answer);
      expect(answer.body).toMatchObject({ error: 'RateLimited' });
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    }
    const quietAnswer = await send('GET', unknownOrder, { dispatcher: quiet });
    expect(quietAnswer.status).toBe(404);
  });

  it('never shows a caller a stack trace or an internal message', async () => {
    const broken = {
      get: async () => {
        throw new Error('database password is hunter2 at /srv/orderops/src/secret.ts:12');
      },
    } as unknown as OrderOpsClient;
    const api = await started(startApi({ orders: broken, client }));
    const answer = await send('GET', `${api.url}/orders/A1001`);
    expect(answer.status).toBe(500);
    expectDocumented(getOrderEndpoint, answer);
    expect(answer.body).toEqual({
      error: 'InternalError',
      message: expect.stringContaining(String(answer.headers['x-request-id'])),
      requestId: answer.headers['x-request-id'],
    });
    expect(answer.text).not.toMatch(/hunter2|secret\.ts|\bat\s/);
  });

  it('retries a transient Temporal failure (a workflow task failing under an update) and answers 503 with Retry-After, never 500', async () => {
    const taskFailure = Object.assign(new Error('9 FAILED_PRECONDITION: unexpected workflow task failure'), {
      code: 9,
      details: 'unexpected workflow task failure',
      metadata: {},
    });
    let attempts = 0;
    const flaky = {
      requestCancel: () =>
        retryTransient(async () => {
          attempts++;
          throw taskFailure;
        }),
    } as unknown as OrderOpsClient;
    const api = await started(startApi({ orders: flaky, client }));
    const answer = await send('POST', `${api.url}/orders/A1001/cancel`, { json: { reason: 'customer asked' } });
    expect(answer.status).toBe(503);
    expectDocumented(cancelOrderEndpoint, answer);
    expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
    expect(answer.body).toMatchObject({ error: 'TemporalUnavailable' });
    expect(attempts).toBe(3);
  });

  it('answers a method a known path does not support with 405 and Allow, and an unknown path with 404, both as the error object', async () => {
    const api = await started(startApi({ orders: new OrderOpsClient(client), client }));
    for (const [method, url, allow] of [
      ['DELETE', '/orders/A1001', 'GET, HEAD'],
      ['PUT', '/orders', 'POST'],
      ['GET', '/orders/A1001/cancel', 'POST'],
      ['POST', '/healthz', 'GET, HEAD'],
    ] as const) {
      const answer = await send(method, `${api.url}${url}`, method === 'GET' ? {} : { json: {} });
      expect(answer.status, `${method} ${url}`).toBe(405);
      expect(answer.headers.allow, `${method} ${url}`).toBe(allow);
      expect(answer.body).toMatchObject({
        error: 'MethodNotAllowed',
        message: expect.stringContaining(allow.split(',')[0] ?? ''),
      });
      expectErrorObject(answer);
    }
    const unknown = await send('GET', `${api.url}/nothing-here`);
    expect(unknown.status).toBe(404);
    expectErrorObject(unknown);
  });

  it('serves the same OpenAPI description that is committed in docs/openapi.json', async () => {
    const api = await started(startApi({ orders: new OrderOpsClient(client), client }));
    const answer = await send('GET', `${api.url}/openapi.json`);
    expect(answer.status).toBe(200);
    const committed: unknown = JSON.parse(readFileSync(path.join(projectRoot(), 'docs', 'openapi.json'), 'utf8'));
    // If this fails after a schema change: run `npm run openapi` and commit docs/openapi.json.
    expect(answer.body).toEqual(committed);
    expect(answer.body).toMatchObject({
      openapi: '3.1.0',
      paths: {
        '/orders': { post: { operationId: 'placeOrder' } },
        '/orders/{orderId}': { get: {} },
        '/orders/{orderId}/cancel': { post: {} },
        '/healthz': { get: {} },
      },
    });
    const text = JSON.stringify(answer.body);
    expect(text).not.toContain('9007199254740991');
    expect(answer.body).toMatchObject({ servers: [{ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:8080/) }] });
    const operations = Object.values(
      (answer.body as { paths: Record<string, Record<string, OpenApiOperation>> }).paths,
    ).flatMap((path) => Object.values(path));
    for (const operation of operations.filter((o) => o.operationId !== 'openApi')) {
      const documented = Object.entries(operation.responses).filter(
        ([status]) => Number(status) < 500 && !['413', '415', '429'].includes(status),
      );
      for (const [status, response] of documented)
        expect(response.content['application/json']?.examples, `${operation.operationId} ${status}`).toBeDefined();
      for (const response of Object.values(operation.responses))
        expect(Object.keys(response.headers)).toContain('x-request-id');
    }
    expect(
      operations.find((o) => o.operationId === 'placeOrder')?.requestBody?.content['application/json']?.examples,
    ).toBeDefined();
  });
});

interface OpenApiOperation {
  operationId: string;
  requestBody?: { content: Record<string, { examples?: unknown }> };
  responses: Record<string, { headers: Record<string, unknown>; content: Record<string, { examples?: unknown }> }>;
}
