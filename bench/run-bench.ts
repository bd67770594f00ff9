import path from 'node:path';
import { onShutdown } from '../src/platform/shutdown';
import { projectRoot } from '../src/platform/config';
import { createLogger, type Logger } from '../src/platform/logger';
import { currentLoadAverage, describeMachine } from './report/machine';
import { scenarioProgressBar } from './report/progress';
import { buildSummary, writeResults, type BenchResults, type ScenarioRecord } from './report/results';
import { SCENARIOS } from './scenarios';
import { SCENARIO_NAMES, type Profile, type ScenarioName } from './scenarios/scenario';
import { ScenarioSkipped } from './scenarios/skip';
import { BenchStack } from './stack/bench-stack';
import type { DynamicConfig } from './stack/temporal';

export const DEFAULT_RESULTS_FILE = path.join(projectRoot(), 'bench', 'results', 'latest.json');

export interface BenchOptions {
  profile: Profile;
  /** Default: every scenario, in the standard order. */
  scenarios?: readonly ScenarioName[];
  outFile?: string;
  /** Progress bars on stderr; default: when stderr is a terminal. */
  progress?: boolean;
  /** Dynamic config for the dev servers the run launches (a knob under test); none by default. */
  serverDynamicConfig?: DynamicConfig;
  /** Stop the stack on SIGINT/SIGTERM (the CLI); a test leaves signals alone. */
  handleSignals?: boolean;
  log?: Logger;
}

/**
 * Runs the chosen scenarios against one stack (the dev server or TEMPORAL_ADDRESS, and the partner
 * simulator here), each on fresh task queues with its own worker processes, and writes the results.
 * A failing scenario is recorded with its error and the run goes on.
 */
export async function runBench(options: BenchOptions): Promise<{ results: BenchResults; outFile: string }> {
  const log = options.log ?? createLogger('bench', 'warn');
  const outFile = path.resolve(options.outFile ?? DEFAULT_RESULTS_FILE);
  const chosen = SCENARIO_NAMES.filter((name) => !options.scenarios || options.scenarios.includes(name));
  const showProgress = options.progress ?? Boolean(process.stderr.isTTY);
  const machine = describeMachine();
  const began = performance.now();
  const generatedAt = new Date().toISOString();

  const stack = await BenchStack.start(log, options.serverDynamicConfig);
  if (options.handleSignals) onShutdown(() => stack.stop(), { log });
  const records: ScenarioRecord[] = [];
  try {
    for (const name of chosen) {
      const scenario = SCENARIOS[name];
      const progress = scenarioProgressBar(name, showProgress);
      const started = performance.now();
      try {
        const report = await scenario.run({ stack, profile: options.profile, progress, log });
        const { summary: _summary, summaryNotes: _notes, ...details } = report;
        records.push({ name, report, outcome: { status: 'ok', title: scenario.title, durationMs: elapsed(started), ...details } });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        records.push({
          name,
          outcome: err instanceof ScenarioSkipped
            ? { status: 'skipped', title: scenario.title, reason: message }
            : { status: 'failed', title: scenario.title, durationMs: elapsed(started), error: message },
        });
        if (!(err instanceof ScenarioSkipped)) log.error({ scenario: name, err }, 'scenario failed');
      } finally {
        progress.stop();
      }
    }
  } finally {
    await stack.stop();
  }

  const results: BenchResults = {
    schemaVersion: 1,
    generatedAt,
    profile: options.profile,
    durationMs: elapsed(began),
    machine: { ...machine, loadAverage: { ...machine.loadAverage, atEnd: currentLoadAverage() } },
    temporal: { address: stack.temporal.address, persistence: stack.temporal.persistence, dynamicConfig: stack.dynamicConfig },
    ...buildSummary(records),
    scenarios: Object.fromEntries(records.map((record) => [record.name, record.outcome])),
  };
  writeResults(outFile, results);
  return { results, outFile };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
