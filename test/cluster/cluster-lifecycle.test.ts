import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { afterAll, describe, expect, it } from 'vitest';
import { orderWorkflowId } from '../../src/contracts/workflow-names';
import { isRunning, ROOT, startClusterProcess, tail, type RunningCluster } from './support/cluster-process';

const run = promisify(execFile);
// A second cluster of its own (the run's shared one keeps serving the other files).
const PORTS = { base: 19_000, postgres: 25_433, frontend: 19_233, ui: 19_300, api: 19_080, partners: 19_090 };
const DIR = path.join(ROOT, 'data', 'cluster-test-lifecycle');
const LOG = path.join(ROOT, 'test-artifacts', 'cluster-test-lifecycle.log');
// One worker of each kind: this is about starting, stopping and keeping data, not about the spread.
const ONE_OF_EACH = { ORDEROPS_CLUSTER_IO_WORKERS: '1', ORDEROPS_CLUSTER_CPU_WORKERS: '1' };

describe('npm run cluster, start to stop to start', () => {
  let cluster: RunningCluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(DIR, { recursive: true, force: true });
  });

  /** One I/O and one CPU worker, on this test's own folder and ports; the data survives a restart. */
  const startCluster = () =>
    startClusterProcess({ dir: DIR, ports: PORTS, logFile: LOG, timeoutMs: 240_000, extraEnv: ONE_OF_EACH });

  it('runs `orderops place examples/order.json --wait` to completion, stops leaving no process, and keeps the order across a restart', async () => {
    fs.rmSync(DIR, { recursive: true, force: true });
    fs.rmSync(LOG, { force: true });
    cluster = await startCluster();
    const example = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'order.json'), 'utf8')) as {
      orderId: string;
    };

    const placed = await run(
      process.execPath,
      [path.join(ROOT, 'bin', 'orderops.js'), 'place', 'examples/order.json', '--wait'],
      {
        cwd: ROOT,
        env: { ...cluster.env, LOG_LEVEL: 'warn' },
        timeout: 120_000,
      },
    );
    expect(placed.stdout).toContain('COMPLETED');

    // Ctrl-C: every process the cluster started is gone, native programs included.
    const first = cluster.state();
    const pids = await cluster.stop();
    expect(pids.length).toBeGreaterThanOrEqual(Object.keys(first.processes).length + 1);
    expect(pids.filter(isRunning), tail(LOG)).toEqual([]);

    // Started again on the same folder: the database, and with it the order, is still there.
    cluster = await startCluster();
    const connection = await Connection.connect({ address: cluster.env.TEMPORAL_ADDRESS as string });
    try {
      const client = new Client({ connection, namespace: 'default' });
      const description = await client.workflow.getHandle(orderWorkflowId(example.orderId)).describe();
      expect(description.status.name).toBe('COMPLETED');
    } finally {
      await connection.close();
    }
    const again = await cluster.stop();
    cluster = undefined;
    expect(again.filter(isRunning), tail(LOG)).toEqual([]);
  });
});
