/**
 * `npm run bench [-- --quick] [--scenario fanout,width] [--target dev-server|cluster|both] [--out file.json]`: measures what each
 * execution model costs (see docs/concurrency-model.md) and writes bench/results/latest.json.
 */
import { Command, InvalidArgumentError } from 'commander';
import { BENCH_TARGETS, CLUSTER_SCENARIOS, runBenchOnTargets, type BenchTarget } from './cluster-target';
import { DEFAULT_RESULTS_FILE } from './run-bench';
import { formatTable } from './report/table';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/scenario';
import type { DynamicConfig } from './stack/temporal';

function dynamicConfigValue(value: string, previous: DynamicConfig = {}): DynamicConfig {
  const match = /^([\w.]+)=(.+)$/.exec(value);
  if (!match)
    throw new InvalidArgumentError(`expected KEY=VALUE, e.g. history.transferProcessorMaxPollRPS=1000; got "${value}"`);
  const [, key, raw] = match as unknown as [string, string, string];
  const parsed = raw === 'true' || raw === 'false' ? raw === 'true' : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...previous, [key]: parsed };
}

function benchTarget(value: string): BenchTarget {
  if (!(BENCH_TARGETS as readonly string[]).includes(value))
    throw new InvalidArgumentError(`unknown target "${value}"; choose from ${BENCH_TARGETS.join(', ')}`);
  return value as BenchTarget;
}

function scenarioList(value: string, previous: ScenarioName[] = []): ScenarioName[] {
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown scenario "${name}"; choose from ${SCENARIO_NAMES.join(', ')}`);
    }
  }
  return [...previous, ...(names as ScenarioName[])];
}

async function main(): Promise<void> {
  const program = new Command('bench')
    .description(
      'OrderOps benchmarks: fan-out latency, width, Temporal vs plain Node, throughput, scoring pool, isolation, memory, persistence',
    )
    .option('--quick', 'a small version of every scenario (under 3 minutes)', false)
    .option(
      '--scenario <names>',
      `run only these (repeatable or comma-separated): ${SCENARIO_NAMES.join(', ')}`,
      scenarioList,
    )
    .option('--out <path>', 'where to write the results', DEFAULT_RESULTS_FILE)
    .option(
      '--server-config <key=value>',
      'dynamic config for the dev servers this run launches (repeatable), to measure a server knob',
      dynamicConfigValue,
    )
    .option(
      '--target <target>',
      `where: ${BENCH_TARGETS.join(', ')} (cluster: \`npm run cluster\`, default scenarios ${CLUSTER_SCENARIOS.join(', ')})`,
      benchTarget,
      'dev-server',
    )
    .parse();
  const options = program.opts<{
    quick: boolean;
    scenario?: ScenarioName[];
    out: string;
    serverConfig?: DynamicConfig;
    target: BenchTarget;
  }>();
  const { results, outFile } = await runBenchOnTargets(options.target, {
    profile: options.quick ? 'quick' : 'full',
    scenarios: options.scenario,
    outFile: options.out,
    serverDynamicConfig: options.serverConfig,
    handleSignals: true,
  });
  const onCluster = results.cluster
    ? `\nOn the Temporal cluster (npm run cluster):\n${formatTable(results.cluster)}\n`
    : '';
  process.stdout.write(`\n${formatTable(results)}\n${onCluster}\nresults: ${outFile}\n`);
  const failed = [results, ...(results.cluster ? [results.cluster] : [])].some((run) =>
    Object.values(run.scenarios).some((outcome) => outcome?.status === 'failed'),
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
