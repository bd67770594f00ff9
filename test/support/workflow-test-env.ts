import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { quietSdkLogs } from '../../src/dev/local-system/quiet-sdk-logs';
import { workflowBundle } from '../../src/workers/workflow-bundle';
import { workerTelemetryOptions } from '../../src/workers/worker-telemetry';

/** Activity implementations by name; each test's set is picked by the id of the workflow calling it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- activities of every signature
export type ActivityFakes = Record<string, (...args: any[]) => Promise<unknown>>;

/**
 * Workflows on the run's dev server (TEMPORAL_ADDRESS, from the global setup) with their
 * activities replaced by test doubles: one bundle and one worker per test file, on a task queue
 * of its own, every activity and local activity on that queue too. Each workflow run is started
 * with the fakes it should meet (`use`), so the tests of a file share the worker and each one
 * costs only its workflow's own time.
 */
export class WorkflowTestEnv {
  private readonly running: Promise<void>;

  private constructor(
    readonly env: TestWorkflowEnvironment,
    readonly worker: Worker,
    readonly taskQueue: string,
    private readonly fakesByWorkflow: Map<string, ActivityFakes>,
  ) {
    this.running = worker.run();
  }

  static async start(label: string, activityNames: readonly string[]): Promise<WorkflowTestEnv> {
    const address = process.env.TEMPORAL_ADDRESS;
    if (!address)
      throw new Error(
        'TEMPORAL_ADDRESS is not set: run the tests through vitest (its global setup starts the dev server)',
      );
    quietSdkLogs();
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address,
      namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    });
    const taskQueue = `${label}-${randomUUID().slice(0, 8)}`;
    const fakesByWorkflow = new Map<string, ActivityFakes>();
    const dispatch =
      (name: string) =>
      (...args: unknown[]) => {
        const workflowId = Context.current().info.workflowExecution?.workflowId ?? '';
        const fake = fakesByWorkflow.get(workflowId)?.[name];
        if (!fake) throw new Error(`workflow ${workflowId} called ${name}, which its test gave no fake for`);
        return fake(...args);
      };
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities: Object.fromEntries(activityNames.map((name) => [name, dispatch(name)])),
      ...workerTelemetryOptions(),
      // Cancellation reaches an activity with a heartbeat's reply: deliver it at once, not after 80% of the heartbeat timeout.
      maxHeartbeatThrottleInterval: '50ms',
      defaultHeartbeatThrottleInterval: '50ms',
    });
    return new WorkflowTestEnv(env, worker, taskQueue, fakesByWorkflow);
  }

  /** A fresh workflow id whose activity calls go to these fakes (other properties, e.g. a call log, are ignored). */
  use(prefix: string, fakes: object): string {
    const workflowId = `${prefix}-${randomUUID().slice(0, 8)}`;
    this.fakesByWorkflow.set(workflowId, fakes as ActivityFakes);
    return workflowId;
  }

  get client() {
    return this.env.client;
  }

  async stop(): Promise<void> {
    if (this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running;
    await this.env.teardown();
  }
}

/** Resolves when an activity fake has been reached; the fake waits until `release()` (or its cancellation). */
export class Gate {
  private reach!: () => void;
  private open!: () => void;
  readonly reached = new Promise<void>((resolve) => (this.reach = resolve));
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  /** Inside a fake: say it is here, then wait, heartbeating so a cancellation can arrive. */
  async pass(): Promise<void> {
    this.reach();
    const ctx = Context.current();
    const beating = setInterval(() => ctx.heartbeat(), 20);
    try {
      await Promise.race([this.opened, ctx.cancelled]);
    } finally {
      clearInterval(beating);
    }
  }

  release(): void {
    this.open();
  }
}
