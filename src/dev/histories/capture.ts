import { PARTNER_SYNC_WORKFLOW } from '../../contracts/workflow-names';
import { createLogger } from '../../platform/logger';
import { startLocalSystem, type LocalSystem } from '../local-system/local-system';
import { historyFileName, writeHistoryFile } from './history-files';
import type { CaptureScenario } from './scenarios';
import { syncAndFinish } from './scenarios/partner-sync-runs';
import { currentWorkflowVersion } from './workflow-versions';

export interface CapturedHistory {
  scenario: string;
  file: string;
  path: string;
  events: number;
}

export interface CaptureOptions {
  scenarios: readonly CaptureScenario[];
  outDir: string;
  /** Told about each history as it is written. */
  onCaptured?: (captured: CapturedHistory) => void;
}

/**
 * Runs each scenario on a local system of its own, one after another (fault rules are global to the
 * simulator), and writes the history of the run it produced as
 * `<workflowType>.<scenario>.v<current version>.json`. A scenario whose history did not take its
 * intended path is an error, so a committed history always shows what its name says.
 */
export async function captureHistories({ scenarios, outDir, onCaptured }: CaptureOptions): Promise<CapturedHistory[]> {
  // TEMPORAL_ADDRESS, else an in-memory dev server. A capture provokes failures on purpose, and the
  // SDK logs each at WARN with its stack: only errors are shown.
  const stack = await startLocalSystem({
    label: 'capture',
    temporal: 'auto',
    sdkLogLevel: 'ERROR',
    log: createLogger('histories', process.env.LOG_LEVEL ?? 'warn'),
  });
  const captured: CapturedHistory[] = [];
  const store = { synced: false, touched: false };
  try {
    for (const scenario of scenarios) {
      if (scenario.store === 'empty' && store.touched)
        throw new Error(`scenario ${scenario.name} needs a partner store never synced, and one has been`);
      if (scenario.store === 'synced' && !store.synced) {
        await syncAndFinish(stack, 'before-orders');
        store.synced = store.touched = true;
      }
      if (scenario.workflowType === PARTNER_SYNC_WORKFLOW) store.touched = true;
      const one = await captureOne(stack, scenario, outDir);
      captured.push(one);
      onCaptured?.(one);
    }
  } finally {
    await stack.stop();
  }
  return captured;
}

async function captureOne(stack: LocalSystem, scenario: CaptureScenario, outDir: string): Promise<CapturedHistory> {
  let run;
  try {
    run = await scenario.run(stack);
  } finally {
    await stack.partners.clearFaults();
  }
  const history = await stack.client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
  const problem = scenario.check?.(history);
  if (problem) throw new Error(`scenario ${scenario.name} did not take its path (${run.workflowId}): ${problem}`);
  const file = historyFileName(scenario.workflowType, scenario.name, currentWorkflowVersion(scenario.workflowType));
  const written = await writeHistoryFile(outDir, file, history);
  return { scenario: scenario.name, file, path: written, events: history.events?.length ?? 0 };
}
