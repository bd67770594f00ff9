/**
 * `npm run bench -- --target cluster|both`: the same scenarios against the real Temporal cluster
 * (`npm run cluster`: four server processes on PostgreSQL) instead of the dev server. Each target
 * is one ordinary bench run; with `both`, the results file holds the dev server's run as always and
 * the cluster's beside it under `cluster`, measured minutes apart on the same machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startClusterProcess, type RunningCluster } from '../src/dev/cluster/cluster-process';
import { projectRoot } from '../src/platform/config';
import { writeResults, type BenchResults } from './report/results';
import { runBench, type BenchOptions } from './run-bench';
import type { ScenarioName } from './scenarios/scenario';

export const BENCH_TARGETS = ['dev-server', 'cluster', 'both'] as const;
export type BenchTarget = (typeof BENCH_TARGETS)[number];

/** What the cluster target measures unless --scenario says otherwise: the fan-out and the throughput. */
export const CLUSTER_SCENARIOS: readonly ScenarioName[] = ['fanout', 'throughput'];

// Ports of its own (the tests' clusters use 19xxx and 27xxx), all below the ephemeral range.
const BENCH_CLUSTER_PORTS = {
  base: 29_000,
  postgres: 25_434,
  frontend: 29_233,
  ui: 29_300,
  api: 29_080,
  partners: 29_090,
};
const START_TIMEOUT_MS = 20 * 60_000;

export interface ClusterResults extends BenchResults {
  /** The cluster's run, beside the dev server's (target `both`). */
  cluster?: BenchResults;
}

export async function runBenchOnTargets(
  target: BenchTarget,
  options: BenchOptions & { outFile: string },
): Promise<{ results: ClusterResults; outFile: string }> {
  if (target === 'dev-server') return runBench(options);
  const scenarios = options.scenarios ?? CLUSTER_SCENARIOS;
  const onCluster = await runOnCluster({
    ...options,
    scenarios,
    outFile: path.join(os.tmpdir(), `orderops-bench-cluster-${process.pid}.json`),
  });
  if (target === 'cluster') {
    fs.renameSync(onCluster.outFile, options.outFile);
    return { results: onCluster.results, outFile: options.outFile };
  }
  // The dev server runs every scenario asked for (all by default); the cluster, the ones it is compared on.
  const onDevServer = await runBench(options);
  const results: ClusterResults = { ...onDevServer.results, cluster: onCluster.results };
  writeResults(options.outFile, results);
  fs.rmSync(onCluster.outFile, { force: true });
  return { results, outFile: options.outFile };
}

async function runOnCluster(
  options: BenchOptions & { outFile: string },
): Promise<{ results: BenchResults; outFile: string }> {
  const dir = path.join(projectRoot(), 'data', 'cluster-bench');
  const logFile = path.join(projectRoot(), 'test-artifacts', 'bench-cluster.log');
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`starting a Temporal cluster for the bench (output: ${logFile})…\n`);
  let cluster: RunningCluster | undefined;
  const previousAddress = process.env.TEMPORAL_ADDRESS;
  try {
    cluster = await startClusterProcess({ dir, ports: BENCH_CLUSTER_PORTS, logFile, timeoutMs: START_TIMEOUT_MS });
    process.env.TEMPORAL_ADDRESS = cluster.env.TEMPORAL_ADDRESS;
    const run = await runBench(options);
    // runBench sees an external server; say which one.
    run.results.temporal.persistence = 'postgresql (npm run cluster: four server processes)';
    writeResults(run.outFile, run.results);
    return run;
  } finally {
    if (previousAddress === undefined) delete process.env.TEMPORAL_ADDRESS;
    else process.env.TEMPORAL_ADDRESS = previousAddress;
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
