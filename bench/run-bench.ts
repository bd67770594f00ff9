import path from 'node:path';
import { onShutdown } from '../src/platform/shutdown';
import { projectRoot } from '../src/platform/config';
import { createLogger, type Logger } from '../src/platform/logger';
import { HostWatch, type HostActivity } from './report/host-activity';
import { currentLoadAverage, describeMachine } from './report/machine';
import { scenarioProgressBar } from './report/progress';
import {
  buildSummary,
  writeResults,
  type BenchResults,
  type ScenarioHost,
  type ScenarioRecord,
} from './report/results';
import { SCENARIOS } from './scenarios';
import { SCENARIO_NAMES, type Profile, type ScenarioContext, type ScenarioName } from './scenarios/scenario';
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
  const wholeRun = HostWatch.start();
  const generatedAt = new Date().toISOString();

  const stack = await BenchStack.start(log, options.serverDynamicConfig);
  if (options.handleSignals) onShutdown(() => stack.stop(), { log });
  const records: ScenarioRecord[] = [];
  try {
    const reruns = { left: MAX_BUSY_RERUNS };
    for (const name of chosen) {
      const progress = scenarioProgressBar(name, showProgress);
      try {
        records.push(await runScenario(name, { stack, profile: options.profile, progress, log }, reruns));
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
    host: wholeRun.stop(),
    temporal: {
      address: stack.temporal.address,
      persistence: stack.temporal.persistence,
      dynamicConfig: stack.dynamicConfig,
    },
    ...buildSummary(records),
    scenarios: Object.fromEntries(records.map((record) => [record.name, record.outcome])),
  };
  writeResults(outFile, results);
  return { results, outFile };
}

/** Other tenants using more than this (% of one core) during a scenario: it is run once more. */
const BUSY_HOST_PERCENT = 40;
/** So a full run on a busy host still ends in about 20 minutes: its `host` records say how busy it was. */
const MAX_BUSY_RERUNS = 3;

/**
 * One scenario, watched: what else the host ran meanwhile is recorded with it. In a full run, a
 * scenario the host was busy during is run once more (at most MAX_BUSY_RERUNS per run), and the
 * attempt that had the quieter host kept.
 */
async function runScenario(
  name: ScenarioName,
  context: ScenarioContext,
  reruns: { left: number },
): Promise<ScenarioRecord> {
  const first = await attemptScenario(name, context);
  const busy = (first.host.otherProcessesCpuPercent ?? 0) > BUSY_HOST_PERCENT;
  if (context.profile !== 'full' || !busy || first.record.outcome.status === 'skipped' || reruns.left === 0)
    return withHost(first.record, first.host);
  reruns.left--;
  context.stack.renewRunTag();
  context.log.warn(
    { scenario: name, otherProcessesCpuPercent: first.host.otherProcessesCpuPercent },
    'the host was busy with other work: running the scenario again',
  );
  const second = await attemptScenario(name, context);
  const [kept, dropped] =
    (second.host.otherProcessesCpuPercent ?? 0) <= (first.host.otherProcessesCpuPercent ?? 0)
      ? [second, first]
      : [first, second];
  const droppedOutcome = dropped.record.outcome;
  return withHost(kept.record, {
    ...kept.host,
    busyAttempt: {
      ...dropped.host,
      ...(droppedOutcome.status === 'ok'
        ? { headline: droppedOutcome.headline }
        : droppedOutcome.status === 'failed'
          ? { error: droppedOutcome.error }
          : {}),
    },
  });
}

async function attemptScenario(
  name: ScenarioName,
  context: ScenarioContext,
): Promise<{ record: ScenarioRecord; host: HostActivity }> {
  const scenario = SCENARIOS[name];
  const watch = HostWatch.start();
  const started = performance.now();
  try {
    const report = await scenario.run(context);
    const { summary: _summary, summaryNotes: _notes, ...details } = report;
    return {
      record: {
        name,
        report,
        outcome: { status: 'ok', title: scenario.title, durationMs: elapsed(started), ...details },
      },
      host: watch.stop(),
    };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (!(err instanceof ScenarioSkipped)) context.log.error({ scenario: name, err }, 'scenario failed');
    const outcome: ScenarioRecord['outcome'] =
      err instanceof ScenarioSkipped
        ? { status: 'skipped', title: scenario.title, reason: message }
        : { status: 'failed', title: scenario.title, durationMs: elapsed(started), error: message };
    return { record: { name, outcome }, host: watch.stop() };
  }
}

function withHost(record: ScenarioRecord, host: ScenarioHost): ScenarioRecord {
  if (record.outcome.status === 'skipped') return record;
  return { ...record, outcome: { ...record.outcome, host } };
}

function elapsed(since: number): number {
  return Math.round(performance.now() - since);
}
