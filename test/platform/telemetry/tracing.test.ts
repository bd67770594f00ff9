import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../../src/dev/local-system/local-system';
import { buildApi } from '../../../src/front-doors/api/build-api';
import { OrderOpsClient } from '../../../src/front-doors/client/orderops-client';
import { connectClient } from '../../../src/platform/temporal-connection';
import { startTracing, type Tracing } from '../../../src/platform/telemetry/tracing';
import { eventually } from '../../support/eventually';
import { sampleOrder } from '../../support/orderops-stack';

describe('one order, one trace: API request -> workflow -> partner activity -> partner HTTP call', () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  let system: LocalSystem;
  let connected: Awaited<ReturnType<typeof connectClient>>;
  let api: Awaited<ReturnType<typeof buildApi>>;
  let apiUrl: string;

  beforeAll(async () => {
    // Before any worker or client exists, as each OrderOps process does at start.
    tracing = startTracing('orderops-test', { spanProcessor: new SimpleSpanProcessor(exporter) });
    system = await startLocalSystem({ label: 'tracing', temporal: 'existing' });
    connected = await connectClient({ env: process.env });
    api = await buildApi({
      orders: new OrderOpsClient(connected.client, system.queues),
      client: connected.client,
      log: pino({ level: 'silent' }),
    });
    await api.listen({ port: 0, host: '127.0.0.1' });
    apiUrl = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await connected?.connection.close();
    await system?.stop();
    await tracing?.shutdown();
  });

  it("links every span of the order into the API request's trace", async () => {
    const order = sampleOrder({}, 'TRACE');
    const response = await request(`${apiUrl}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    await response.body.dump();
    expect(response.statusCode).toBe(202);
    expect((await system.orders.result(order.orderId)).status).toBe('COMPLETED');

    const spans = await eventually('the workflow span to be exported', async () => {
      const finished = exporter.getFinishedSpans();
      return finished.some((span) => span.name === 'RunWorkflow:processOrder') ? finished : undefined;
    });
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const ancestors = (span: ReadableSpan): ReadableSpan[] => {
      const chain: ReadableSpan[] = [];
      for (
        let parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
        parent;
        parent = parent.parentSpanId ? byId.get(parent.parentSpanId) : undefined
      )
        chain.push(parent);
      return chain;
    };

    const serverSpan = spans.find(
      (span) => span.kind === 1 /* SERVER */ && span.attributes['http.target'] === '/orders',
    );
    if (!serverSpan)
      throw new Error(`no HTTP server span for POST /orders among: ${spans.map((s) => s.name).join(', ')}`);
    const traceId = serverSpan.spanContext().traceId;
    const workflow = spans.find(
      (span) => span.name === 'RunWorkflow:processOrder' && span.spanContext().traceId === traceId,
    );
    const activity = spans.find(
      (span) => span.name === 'RunActivity:authorizePayment' && span.spanContext().traceId === traceId,
    );
    if (!workflow || !activity)
      throw new Error(
        `missing workflow or activity span in the API's trace: ${spans
          .filter((s) => s.spanContext().traceId === traceId)
          .map((s) => s.name)
          .join(', ')}`,
      );
    const partnerCall = spans.find(
      (span) => span.kind === 2 /* CLIENT */ && span.parentSpanId === activity.spanContext().spanId,
    );
    if (!partnerCall) throw new Error('no HTTP client span under the authorizePayment activity');

    expect(ancestors(workflow)).toContain(serverSpan);
    expect(ancestors(activity)).toContain(workflow);
    expect(String(partnerCall.attributes['url.full'] ?? partnerCall.attributes['http.url'])).toContain('/payments/');
    expect(partnerCall.spanContext().traceId).toBe(traceId);
  }, 180_000);
});
