/**
 * `npm run bench [-- --quick] [--scenario fanout,width] [--out file.json]`: measures what each
 * execution model costs (see docs/concurrency-model.md) and writes bench/results/latest.json.
 */
import { Command, InvalidArgumentError } from 'commander';
import { DEFAULT_RESULTS_FILE, runBench } from './run-bench';
import { formatTable } from './report/table';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios/scenario';

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
    .parse();
  const options = program.opts<{ quick: boolean; scenario?: ScenarioName[]; out: string }>();
  const { results, outFile } = await runBench({
    profile: options.quick ? 'quick' : 'full',
    scenarios: options.scenario,
    outFile: options.out,
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
