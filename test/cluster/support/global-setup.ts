/**
 * One cluster for the run (`npm run cluster` as a real process, on ports of its own and a fresh
 * data folder), shared by the test files through the environment; stopped at the end, and the
 * stop must leave no process behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, isRunning, startClusterProcess, tail, type RunningCluster } from './cluster-process';

export const MAIN_CLUSTER_PORTS = {
  base: 27_000,
  postgres: 25_432,
  frontend: 27_233,
  ui: 27_300,
  api: 27_080,
  partners: 27_090,
};
// Generous: on a machine that never built the Temporal server, this includes the Go builds.
const FIRST_START_TIMEOUT_MS = 20 * 60_000;

let cluster: RunningCluster | undefined;

export async function setup(): Promise<void> {
  const dir = path.join(ROOT, 'data', 'cluster-test');
  fs.rmSync(dir, { recursive: true, force: true });
  const logFile = path.join(ROOT, 'test-artifacts', 'cluster-test.log');
  fs.rmSync(logFile, { force: true });
  cluster = await startClusterProcess({ dir, ports: MAIN_CLUSTER_PORTS, logFile, timeoutMs: FIRST_START_TIMEOUT_MS });
  for (const key of ['TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'ORDEROPS_PARTNERS_URL'])
    process.env[key] = cluster.env[key];
  process.env.ORDEROPS_TEST_CLUSTER_DIR = dir;
  process.env.ORDEROPS_TEST_CLUSTER_STORE_URL = cluster.storeUrl();
  process.env.ORDEROPS_TEST_CLUSTER_ADMIN_STORE_URL = cluster.storeUrl('postgres');
  process.env.ORDEROPS_TEST_CLUSTER_API_URL = `http://127.0.0.1:${MAIN_CLUSTER_PORTS.api}`;
}

export async function teardown(): Promise<void> {
  if (!cluster) return;
  const pids = await cluster.stop();
  const left = pids.filter(isRunning);
  if (left.length > 0)
    throw new Error(`processes left after stopping the cluster: ${left.join(', ')}\n${tail(cluster.logFile)}`);
}
