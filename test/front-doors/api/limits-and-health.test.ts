import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrderEndpoint, healthEndpoint, placeOrderEndpoint } from '../../../src/front-doors/api/contract/endpoints';
import { OrderOpsClient } from '../../../src/front-doors/client/orderops-client';
import { findFreePort } from '../../../src/platform/free-port';
import { projectRoot } from '../../../src/platform/config';
import { sampleOrder } from '../../support/orderops-stack';
import { connectTestClient, expectDocumented, send, startApi, type RunningApi } from './support/api-harness';

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
    expect(answer.body).toMatchObject({ status: 'ok', temporal: { reachable: true, namespace: 'default' } });
  });

  it('answers 503 (healthz at once, placing with Retry-After) when Temporal cannot be reached', async () => {
    const nowhere = new Client({ connection: Connection.lazy({ address: `127.0.0.1:${await findFreePort()}` }) });
    const api = await started(startApi({ orders: new OrderOpsClient(nowhere), client: nowhere }));
    const health = await send('GET', `${api.url}/healthz`);
    expect(health.status).toBe(503);
    expectDocumented(healthEndpoint, health);
    expect(health.body).toMatchObject({ status: 'unavailable', temporal: { reachable: false } });

    const placing = await send('POST', `${api.url}/orders`, { json: sampleOrder() });
    expect(placing.status).toBe(503);
    expectDocumented(placeOrderEndpoint, placing);
    expect(placing.headers['retry-after']).toBeDefined();
    expect(placing.body).toMatchObject({ error: 'TemporalUnavailable' });
  });

  it('limits each client on its own: the noisy one gets 429 with Retry-After, a quiet one is still served', async () => {
    const api = await started(startApi({ orders: new OrderOpsClient(client), client, rateLimit: { max: 5, timeWindowMs: 60_000 } }));
    const noisy = clientAt('127.0.0.2');
    const quiet = clientAt('127.0.0.1');
    const unknownOrder = `${api.url}/orders/${sampleOrder().orderId}`;
    const noisyAnswers = await Promise.all(Array.from({ length: 8 }, () => send('GET', unknownOrder, { dispatcher: noisy })));
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
    expect(answer.body).toEqual({ error: 'InternalError', message: expect.stringContaining(String(answer.headers['x-request-id'])) });
    expect(answer.text).not.toMatch(/hunter2|secret\.ts|\bat\s/);
  });

  it('serves the same OpenAPI description that is committed in docs/openapi.json', async () => {
    const api = await started(startApi({ orders: new OrderOpsClient(client), client }));
    const answer = await send('GET', `${api.url}/openapi.json`);
    expect(answer.status).toBe(200);
    const committed: unknown = JSON.parse(readFileSync(path.join(projectRoot(), 'docs', 'openapi.json'), 'utf8'));
    // If this fails after a schema change: run `npm run openapi` and commit docs/openapi.json.
    expect(answer.body).toEqual(committed);
    expect(answer.body).toMatchObject({ openapi: '3.1.0', paths: { '/orders': { post: { operationId: 'placeOrder' } }, '/orders/{orderId}': { get: {} }, '/orders/{orderId}/cancel': { post: {} }, '/healthz': { get: {} } } });
  });
});
