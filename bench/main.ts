/**
 * `npm run bench [-- --quick] [--scenario fanout,width] [--out file.json]`: measures what each
 * execution model costs (see docs/concurrency-model.md) and writes bench/results/latest.json.
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_RESULTS_FILE, runBench } from './run-bench';
import { formatTable } from './report/table';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/scenario';
import type { DynamicConfig } from './stack/temporal';

function dynamicConfigValue(value: string, previous: DynamicConfig = {}): DynamicConfig {
  const match = /^([\w.]+)=(.+)$/.exec(value);
  if (!match) throw new InvalidArgumentError(`expected KEY=VALUE, e.g. history.transferProcessorMaxPollRPS=1000; got "${value}"`);
  const [, key, raw] = match as unknown as [string, string, string];
  const parsed = raw === 'true' || raw === 'false' ? raw === 'true' : Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return { ...previous, [key]: parsed };
}

function scenarioList(value: string, previous: ScenarioName[] = []): ScenarioName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  for (const name of names) {
    if (!(SCENARIO_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgumentError(`unknown scenario "${name}"; choose from ${SCENARIO_NAMES.join(', ')}`);
    }
  }
  return [...previous, ...(names as ScenarioName[])];
}

async function main(): Promise<void> {
  const program = new Command('bench')
    .description('OrderOps benchmarks: fan-out latency, width, Temporal vs plain Node, throughput, scoring pool, isolation, memory, persistence')
    .option('--quick', 'a small version of every scenario (under 3 minutes)', false)
    .option('--scenario <names>', `run only these (repeatable or comma-separated): ${SCENARIO_NAMES.join(', ')}`, scenarioList)
    .option('--out <path>', 'where to write the results', DEFAULT_RESULTS_FILE)
    .option('--server-config <key=value>', 'dynamic config for the dev servers this run launches (repeatable), to measure a server knob', dynamicConfigValue)
    .parse();
  const options = program.opts<{ quick: boolean; scenario?: ScenarioName[]; out: string; serverConfig?: DynamicConfig }>();
  const { results, outFile } = await runBench({
    profile: options.quick ? 'quick' : 'full',
    scenarios: options.scenario,
    outFile: options.out,
    serverDynamicConfig: options.serverConfig,
    handleSignals: true,
  });
  process.stdout.write(`\n${formatTable(results)}\n\nresults: ${outFile}\n`);
  const failed = Object.values(results.scenarios).some((outcome) => outcome?.status === 'failed');
  process.exitCode = failed ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
