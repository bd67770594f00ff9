import type { History } from '@temporalio/common/lib/proto-utils';
import type { LocalSystem } from '../../local-system/local-system';

/** The run a scenario produced: the history recorded is this run's. */
export interface RecordedRun {
  workflowId: string;
  /** Omitted: the latest run of the workflow id. */
  runId?: string;
}

/**
 * One named way a workflow can run. Each scenario exists because its history has a shape the
 * others do not (other commands, other events, other order), which is what replay has to cover.
 */
export interface CaptureScenario {
  name: string;
  workflowType: string;
  /** What is different about this history, for the index in test/histories/README.md. */
  shape: string;
  /**
   * The partner store the run needs. Orders plan their fulfilment from it, so whether it has been
   * synced changes their history: `synced` gets a sync first, `empty` runs before any sync.
   */
  store: 'empty' | 'synced' | 'any';
  run(stack: LocalSystem): Promise<RecordedRun>;
  /** Refuses a history that did not take the intended path (say, a fault that never fired): returns the problem. */
  check?(history: History): string | undefined;
}
