import { Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { orderOpsDataConverter } from '../../platform/encryption/data-converter';
import { workerTelemetryOptions } from '../../workers/worker-telemetry';
import { replayKeyring } from './history-encryption';
import type { HistoryFile } from './history-files';
import { describeReplayFailure } from './replay-failure';

export interface ReplayVerdict {
  file: string;
  workflowType: string;
  /** Undefined when the code replayed the history to the end without a mismatch. */
  failure?: { error: Error; explanation: string };
}

/** Which workflow code to replay against: a prepared bundle, or a folder to bundle. */
export type ReplayedCode = Pick<ReplayWorkerOptions, 'workflowBundle'> | Pick<ReplayWorkerOptions, 'workflowsPath'>;

/**
 * Replays every history against one replay worker (`Worker.runReplayHistories`): the workflow code
 * is bundled and loaded once, then each history is pushed through it in turn. Results come back in
 * the order the histories went in, one per history.
 */
export async function replayHistoryFiles(files: readonly HistoryFile[], code: ReplayedCode): Promise<ReplayVerdict[]> {
  const verdicts: ReplayVerdict[] = [];
  const inputs = files.map(({ history, workflowId, file }) => ({ history, workflowId: workflowId ?? file }));
  // As production workers run: the same data converter (encrypted histories decrypt) and sinks.
  const options = {
    ...code,
    replayName: 'orderops-histories',
    dataConverter: orderOpsDataConverter(replayKeyring()),
    sinks: workerTelemetryOptions().sinks,
  };
  const results = Worker.runReplayHistories(options, inputs);
  for await (const result of results) {
    const replayed = files[verdicts.length] as HistoryFile;
    verdicts.push({
      file: replayed.file,
      workflowType: replayed.workflowType,
      ...(result.error
        ? {
            failure: {
              error: result.error,
              explanation: describeReplayFailure(replayed.file, replayed.history, result.error),
            },
          }
        : {}),
    });
  }
  return verdicts;
}
