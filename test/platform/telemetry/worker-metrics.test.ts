import { DefaultLogger } from '@temporalio/worker';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSystem, type LocalSystem } from '../../../src/dev/local-system/local-system';
import { orderOpsMetrics } from '../../../src/platform/telemetry/metrics';
import { serveMetrics, type MetricsEndpoint } from '../../../src/platform/telemetry/metrics-endpoint';
import { installSdkRuntime } from '../../../src/platform/telemetry/sdk-runtime';
import { eventually } from '../../support/eventually';
import { sampleOrder } from '../../support/orderops-stack';

/** Every sample of a metric, as `{labels} -> value`. */
function samples(text: string, name: string): { labels: string; value: number }[] {
  return text
    .split('\n')
    .map((line) => new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)`).exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({ labels: match[1] ?? '', value: Number(match[2]) }));
}

function total(text: string, name: string, labelFilter = ''): number {
  return samples(text, name)
    .filter((sample) => sample.labels.includes(labelFilter))
    .reduce((sum, sample) => sum + sample.value, 0);
}

describe("a worker's metrics endpoint, scraped while orders run", () => {
  let system: LocalSystem;
  let endpoint: MetricsEndpoint;

  beforeAll(async () => {
    // As a worker process does it: the SDK's Prometheus exporter first, then the workers.
    const sdkMetricsUrl = await installSdkRuntime(new DefaultLogger('WARN'));
    system = await startLocalSystem({ label: 'metrics', temporal: 'existing' });
    endpoint = await serveMetrics({ port: 0, registry: orderOpsMetrics().registry, sdkMetricsUrl });
  }, 120_000);

  afterAll(async () => {
    await endpoint?.close();
    await system?.stop();
  });

  async function scrape(): Promise<string> {
    const response = await request(`http://127.0.0.1:${endpoint.port}/metrics`);
    expect(response.statusCode).toBe(200);
    return response.body.text();
  }

  it("shows the SDK's temporal_ metrics and OrderOps's orderops_ counters with the orders' work in them", async () => {
    const placed = [sampleOrder({}, 'MET'), sampleOrder({}, 'MET')];
    for (const order of placed) await system.orders.place(order);
    for (const order of placed) expect((await system.orders.result(order.orderId)).status).toBe('COMPLETED');

    const text = await eventually('the SDK to report the completed workflows', async () => {
      const scraped = await scrape();
      return total(scraped, 'temporal_workflow_completed_total') >= placed.length ? scraped : undefined;
    });
    expect(total(text, 'temporal_activity_execution_latency_count')).toBeGreaterThan(0);
    expect(samples(text, 'temporal_worker_task_slots_available').length).toBeGreaterThan(0);

    expect(total(text, 'orderops_orders_total', 'outcome="COMPLETED"')).toBe(placed.length);
    expect(total(text, 'orderops_partner_calls_total', 'outcome="ok"')).toBeGreaterThan(0);
    expect(total(text, 'orderops_partner_calls_total', 'partner="payments"')).toBeGreaterThan(0);
    expect(total(text, 'orderops_partner_call_duration_seconds_count', 'partner="inventory"')).toBeGreaterThan(0);
    expect(total(text, 'orderops_scoring_duration_seconds_count', 'outcome="ok"')).toBe(placed.length);
    // What the bench reads: event-loop delay and memory.
    expect(total(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples(text, 'nodejs_eventloop_lag_p99_seconds')).toHaveLength(1);
  }, 180_000);
});
