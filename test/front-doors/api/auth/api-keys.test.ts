import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../../../src/front-doors/api/auth/api-keys';
import { OrderOpsClient } from '../../../../src/front-doors/client/orderops-client';
import { orderWorkflowId } from '../../../../src/contracts/workflow-names';
import { projectRoot } from '../../../../src/platform/config';
import { orderOpsMetrics } from '../../../../src/platform/telemetry/metrics';
import { sampleOrder } from '../../../support/orderops-stack';
import { connectTestClient, startApi, type RunningApi } from '../support/api-harness';

const WRITER_SECRET = `writer-${randomUUID()}`;
const READER_SECRET = `reader-${randomUUID()}`;
const KEYS = parseApiKeys(
  [`orders-service:${WRITER_SECRET}:orders:write+orders:read`, `support-dashboard:${READER_SECRET}:orders:read`],
  'test',
);

async function call(
  method: 'GET' | 'POST',
  url: string,
  options: { secret?: string; authorization?: string; json?: unknown } = {},
) {
  const headers: Record<string, string> = {};
  if (options.secret) headers.authorization = `Bearer ${options.secret}`;
  if (options.authorization) headers.authorization = options.authorization;
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  const response = await request(url, {
    method,
    headers,
    ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
  });
  const text = await response.body.text();
  return {
    status: response.statusCode,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
    text,
    headers: response.headers,
  };
}

describe('with API keys configured, every /orders route needs a key with the right scope', () => {
  let api: RunningApi;
  let temporal: Awaited<ReturnType<typeof connectTestClient>>;
  const started: string[] = [];
  // A queue no worker polls: these tests are about the door, not about processing the order.
  const queue = `orders-auth-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    temporal = await connectTestClient();
    const orders = new OrderOpsClient(temporal.client, {
      orders: queue,
      partnerIo: `${queue}-io`,
      routeScoring: `${queue}-scoring`,
    });
    api = await startApi({ orders, client: temporal.client, apiKeys: KEYS });
  });

  afterAll(async () => {
    for (const orderId of started)
      await temporal.client.workflow
        .getHandle(orderWorkflowId(orderId))
        .terminate('test over')
        .catch(() => undefined);
    await api?.close();
    await temporal?.close();
  });

  it('answers 401 to a request without a key, and to one with a wrong key, alike', async () => {
    const order = sampleOrder({ orderId: `AUTH-${randomUUID().slice(0, 8)}` });
    const none = await call('POST', `${api.url}/orders`, { json: order });
    const wrong = await call('POST', `${api.url}/orders`, { json: order, secret: `${WRITER_SECRET}x` });
    const malformed = await call('POST', `${api.url}/orders`, { json: order, authorization: WRITER_SECRET });
    for (const answer of [none, wrong, malformed]) {
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
    }
    // No hint which part was wrong: the same answer whether the key is missing or wrong.
    expect({ ...wrong.body, requestId: undefined }).toEqual({ ...none.body, requestId: undefined });
    expect(wrong.text).not.toContain(WRITER_SECRET);
    expect(
      await temporal.client.workflow
        .getHandle(orderWorkflowId(order.orderId))
        .describe()
        .then(
          () => true,
          () => false,
        ),
    ).toBe(false);
  });

  it('answers 403 when a read-only key tries to cancel, and names the missing scope', async () => {
    const answer = await call('POST', `${api.url}/orders/A1/cancel`, {
      json: { reason: 'test' },
      secret: READER_SECRET,
    });
    expect(answer.status).toBe(403);
    expect(answer.body?.message).toContain('orders:cancel');
    expect(answer.text).not.toContain(READER_SECRET);
  });

  it('places the order with the right key (202), recording the key name, not the secret, as its source', async () => {
    const order = sampleOrder({ orderId: `AUTH-${randomUUID().slice(0, 8)}` });
    const answer = await call('POST', `${api.url}/orders`, { json: order, secret: WRITER_SECRET });
    expect(answer.status, answer.text).toBe(202);
    started.push(order.orderId);
    const description = await temporal.client.workflow.getHandle(orderWorkflowId(order.orderId)).describe();
    expect(description.memo?.source).toBe('orders-service');
    expect(JSON.stringify(description.memo)).not.toContain(WRITER_SECRET);
    // Counted under the key's name in the API's metrics, like in its logs.
    const counted = await orderOpsMetrics().registry.getSingleMetricAsString('orderops_api_requests_total');
    expect(counted).toMatch(/route="\/orders",method="POST",status="202",key="orders-service"\} 1/);
    expect(counted).not.toContain(WRITER_SECRET);
  });

  it('lets a read-only key read but not place', async () => {
    const place = await call('POST', `${api.url}/orders`, {
      json: sampleOrder({ orderId: `AUTH-${randomUUID().slice(0, 8)}` }),
      secret: READER_SECRET,
    });
    expect(place.status).toBe(403);
    const read = await call('GET', `${api.url}/orders/NO-SUCH-ORDER-${randomUUID().slice(0, 8)}`, {
      secret: READER_SECRET,
    });
    expect(read.status).toBe(404);
  });

  it('keeps /healthz open', async () => {
    const health = await call('GET', `${api.url}/healthz`);
    expect([200, 503]).toContain(health.status);
  });
});

describe('API keys configuration', () => {
  it('refuses a malformed entry, naming the entry but never printing its secret', () => {
    const secret = 'a-secret-nobody-should-see';
    expect(() => parseApiKeys([`ok:${secret}:orders:fly`], 'ORDEROPS_API_KEYS')).toThrow(
      /entry 1 \(ok\): unknown scope orders:fly/,
    );
    expect(() => parseApiKeys([`ok:${secret}:orders:fly`], 'ORDEROPS_API_KEYS')).not.toThrow(new RegExp(secret));
    expect(() => parseApiKeys(['short:abc:orders:read'], 'ORDEROPS_API_KEYS')).toThrow(/at least 16 characters/);
  });
});

describe('without API keys', () => {
  it('refuses to start when asked to listen on a non-loopback address, saying why', () => {
    const root = projectRoot();
    const { ORDEROPS_API_KEYS: _keys, ORDEROPS_API_KEYS_FILE: _file, ...env } = process.env;
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'src/front-doors/cli/main.ts'), 'api'],
      {
        cwd: root,
        env: { ...env, ORDEROPS_API_HOST: '0.0.0.0', ORDEROPS_API_PORT: '0', LOG_LEVEL: 'error' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('refusing to listen on 0.0.0.0 without API keys');
  });
});
