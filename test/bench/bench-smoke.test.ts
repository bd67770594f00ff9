import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run-bench';
import { SUMMARY_KEYS } from '../../bench/report/summary';
import { QUOTE_MODELS } from '../../src/contracts/order-workflow';
import { WorkerMetricsClient } from '../../bench/stack/metrics-client';
import { orderOpsMetrics } from '../../src/platform/telemetry/metrics';
import { serveMetrics } from '../../src/platform/telemetry/metrics-endpoint';

/**
 * A tiny benchmark against the test run's dev server: it proves the results file has the shape other
 * programs read. It never judges the figures themselves: speed is the benchmark's business, not a test's.
 */
describe('npm run bench, in miniature', () => {
  it('writes a results file with every summary figure, each a number or null with a reason', async () => {
    const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-bench-smoke-')), 'latest.json');

    await runBench({ profile: 'smoke', scenarios: ['fanout', 'quote-models', 'scoring'], outFile, progress: false });

    const results = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    expect(Object.keys(results.summary).sort()).toEqual([...SUMMARY_KEYS].sort());
    for (const key of SUMMARY_KEYS) {
      const value = results.summary[key];
      if (value === null) expect(typeof results.summaryNotes[key], `${key} is null without a reason`).toBe('string');
      else expect(Number.isFinite(value), `${key} is ${value}`).toBe(true);
    }
    expect(results.summaryNotes.orders_per_sec).toMatch(/throughput was not run/);
    for (const name of ['fanout', 'quote-models', 'scoring']) {
      expect(results.scenarios[name]).toMatchObject({
        status: 'ok',
        settings: expect.any(Object),
        figures: expect.any(Object),
      });
      // What else the machine ran meanwhile is part of every scenario's record.
      expect(results.scenarios[name].host).toMatchObject({
        loadAverageBefore: expect.any(Number),
        loadAverageAfter: expect.any(Number),
        busiestOthers: expect.any(Array),
      });
    }
    // An order's cost is read from histories, so the fan-out scenario always yields it.
    for (const key of ['history_events_per_order', 'workflow_tasks_per_order', 'activity_tasks_per_order']) {
      expect(results.summary[key], key).toEqual(expect.any(Number));
    }
    expect(results.scenarios['quote-models'].figures.table.map((row: { model: string }) => row.model)).toEqual([
      ...QUOTE_MODELS,
    ]);
    for (const row of results.scenarios['quote-models'].figures.table) {
      expect(row).toMatchObject({
        e2eP50Ms: expect.any(Number),
        historyEventsPerOrder: expect.any(Number),
        perCarrierOutcomesInResult: expect.any(Number),
      });
    }
    expect(results.host).toMatchObject({ loadAverageBefore: expect.any(Number), loadAverageAfter: expect.any(Number) });
    expect(results.scenarios.fanout.settings).toMatchObject({
      partnerLatencyMs: expect.any(Number),
      carriers: expect.any(Number),
      ordersInFlight: expect.any(Number),
    });
    expect(results.machine).toMatchObject({
      cpuModel: expect.any(String),
      cpuCount: expect.any(Number),
      memoryGb: expect.any(Number),
      node: process.version,
    });
    expect(Date.parse(results.generatedAt)).not.toBeNaN();
  });

  it("reads a worker process's event loop, memory and CPU from its Prometheus endpoint, window by window", async () => {
    const endpoint = await serveMetrics({ port: 0, registry: orderOpsMetrics().registry });
    try {
      const metrics = new WorkerMetricsClient(endpoint.port);
      await metrics.reset();
      // Block the loop for a while: the next window must show it as late, and as CPU spent.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const blockedUntil = performance.now() + 300;
      while (performance.now() < blockedUntil);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const snapshot = await metrics.read();
      expect(snapshot.eventLoopDelayMs.max).toBeGreaterThanOrEqual(200);
      expect(snapshot.eventLoopLatePercent).toBeGreaterThan(0);
      expect(snapshot.cpuPercent).toBeGreaterThan(0);
      expect(snapshot.rssMb).toBeGreaterThan(snapshot.heapUsedMb);
      expect(snapshot.heapTotalMb).toBeGreaterThanOrEqual(snapshot.heapUsedMb);
    } finally {
      await endpoint.close();
    }
  });
});
