import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/run-bench';
import { SUMMARY_KEYS } from '../../bench/report/summary';
import { WorkerMetricsClient } from '../../bench/stack/metrics-client';
import { startWorkerMetricsEndpoint } from '../../src/workers/worker-metrics';

/**
 * A tiny benchmark against the test run's dev server: it proves the results file has the shape other
 * programs read. It never judges the figures themselves: speed is the benchmark's business, not a test's.
 */
describe('npm run bench, in miniature', () => {
  it('writes a results file with every summary figure, each a number or null with a reason', async () => {
    const outFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-bench-smoke-')), 'latest.json');

    await runBench({ profile: 'smoke', scenarios: ['fanout', 'scoring'], outFile, progress: false });

    const results = JSON.parse(fs.readFileSync(outFile, 'utf8'));
    expect(Object.keys(results.summary).sort()).toEqual([...SUMMARY_KEYS].sort());
    for (const key of SUMMARY_KEYS) {
      const value = results.summary[key];
      if (value === null) expect(typeof results.summaryNotes[key], `${key} is null without a reason`).toBe('string');
      else expect(Number.isFinite(value), `${key} is ${value}`).toBe(true);
    }
    expect(results.summaryNotes.orders_per_sec).toMatch(/throughput was not run/);
    for (const name of ['fanout', 'scoring']) {
      expect(results.scenarios[name]).toMatchObject({ status: 'ok', settings: expect.any(Object), figures: expect.any(Object) });
    }
    expect(results.scenarios.fanout.settings).toMatchObject({ partnerLatencyMs: expect.any(Number), carriers: expect.any(Number), ordersInFlight: expect.any(Number) });
    expect(results.machine).toMatchObject({ cpuModel: expect.any(String), cpuCount: expect.any(Number), memoryGb: expect.any(Number), node: process.version });
    expect(Date.parse(results.generatedAt)).not.toBeNaN();
  });

  it('reads a worker process through its metrics endpoint, and opens a new window on reset', async () => {
    const endpoint = await startWorkerMetricsEndpoint(0);
    try {
      const metrics = new WorkerMetricsClient(endpoint.port);
      const snapshot = await metrics.read();
      expect(snapshot).toMatchObject({
        eventLoopDelayMs: { p50: expect.any(Number), p99: expect.any(Number), max: expect.any(Number) },
        rssMb: expect.any(Number),
        heapUsedMb: expect.any(Number),
      });
      expect(snapshot.eventLoopDelayMs.p50).toBeGreaterThanOrEqual(0);
      const afterReset = await metrics.reset();
      expect(afterReset.samples).toBe(0);
    } finally {
      await endpoint.close();
    }
  });
});
