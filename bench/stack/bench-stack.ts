import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { OrderOpsClient } from '../../src/front-doors/client/orderops-client';
import { connectClient } from '../../src/platform/temporal-connection';
import type { Logger } from '../../src/platform/logger';
import type { TaskQueues } from '../../src/contracts/task-queues';
import { terminateLeftovers } from '../load/cleanup';
import type { OrderDriver } from '../load/order-runs';
import { BenchPartners } from './partners';
import { provideTemporal, type BenchTemporal, type DynamicConfig } from './temporal';
import { withMetrics, type WorkerChild } from './worker-children';
import { startLocalSystem, type WorkerSettings } from '../../src/dev/local-system/local-system';
import type { WorkerCommand } from '../../src/dev/local-system/worker-process';
import { writeWorkflowBundle } from '../../src/workers/workflow-bundle';

export interface ScenarioWorkers {
  queues: TaskQueues;
  driver: OrderDriver;
  io?: WorkerChild;
  cpu?: WorkerChild;
  /** Starts a worker of this kind on the same queues later in the scenario. */
  addWorker(kind: 'io' | 'cpu', env?: Record<string, string>): Promise<WorkerChild>;
  /** Terminates what the scenario left running, then stops its worker processes. */
  stop(): Promise<void>;
}

export interface WorkerSet {
  /** A label that goes into the task queue names. */
  label: string;
  /** ORDEROPS_* for the I/O worker; false: none. */
  io?: Record<string, string> | false;
  /** Another entry for the I/O worker (the isolation scenario's inline scorer); `orderops worker io` by default. */
  ioCommand?: WorkerCommand;
  /** ORDEROPS_* for the CPU worker; false: none. */
  cpu?: Record<string, string> | false;
  /** Another server (the persistence scenario's SQLite one); the main server by default. */
  temporal?: { server: BenchTemporal; client: Client };
}

/** Everything scenarios share: the Temporal server and a client, the partner simulator, a run tag. */
export class BenchStack {
  private tag = randomUUID().slice(0, 8);

  /** Goes into order ids and task queue names: unique to this run, and to each attempt of a scenario. */
  get runTag(): string {
    return this.tag;
  }

  /** A scenario run again starts on fresh order ids and queues: order ids are single-use. */
  renewRunTag(): void {
    this.tag = randomUUID().slice(0, 8);
  }

  private constructor(
    readonly temporal: BenchTemporal,
    readonly client: Client,
    private readonly closeClient: () => Promise<void>,
    readonly partners: BenchPartners,
    readonly log: Logger,
    /** Server dynamic config under test; every server the run launches gets it. */
    readonly dynamicConfig: DynamicConfig,
    /** Written from the current sources at the start: every I/O worker loads it, as a deployed one does. */
    private readonly bundleFile: string,
  ) {}

  static async start(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchStack> {
    if (process.env.TEMPORAL_ADDRESS && Object.keys(dynamicConfig).length > 0) {
      throw new Error('server dynamic config needs a server the benchmark launches; unset TEMPORAL_ADDRESS');
    }
    // Workers from the TypeScript sources would otherwise run webpack at start, and keep what it
    // leaves behind in their memory: a deployed worker loads the bundle `npm run build` wrote.
    const bundleFile = await writeWorkflowBundle(
      path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-bench-bundle-')), 'workflow-bundle.js'),
    );
    const temporal = await provideTemporal(log, dynamicConfig);
    try {
      const { client, connection } = await connectTo(temporal, log);
      return new BenchStack(
        temporal,
        client,
        () => connection.close(),
        new BenchPartners(log),
        log,
        dynamicConfig,
        bundleFile,
      );
    } catch (err) {
      await temporal.stop();
      throw err;
    }
  }

  /** Worker processes on task queues of their own, so nothing from an earlier scenario reaches them. */
  async startWorkers(set: WorkerSet): Promise<ScenarioWorkers> {
    const client = set.temporal?.client ?? this.client;
    // Warnings (timeouts the inline scenario provokes on purpose) would bury the progress bars.
    const settings = (
      env: Record<string, string> | false | undefined,
      command?: WorkerCommand,
    ): WorkerSettings | false =>
      env === false
        ? false
        : { env: { LOG_LEVEL: 'error', ORDEROPS_WORKFLOW_BUNDLE: this.bundleFile, ...env }, command };
    const system = await startLocalSystem({
      label: `bench-${set.label}-${this.runTag}`,
      temporal: set.temporal?.server ?? this.temporal,
      partners: { url: this.partners.current().url },
      workers: 'processes',
      io: settings(set.io, set.ioCommand),
      cpu: settings(set.cpu),
      log: this.log,
    });
    const driver: OrderDriver = { orders: new OrderOpsClient(client, system.queues), client, inFlight: new Set() };
    const workers: ScenarioWorkers = {
      queues: system.queues,
      driver,
      io: system.io && withMetrics(system.io),
      cpu: system.cpu && withMetrics(system.cpu),
      addWorker: async (kind, env = {}) => {
        const child = withMetrics(await system.addWorker(kind, settings(env) || {}));
        workers[kind] = child;
        return child;
      },
      stop: async () => {
        try {
          await terminateLeftovers(client, system.queues.orders, driver.inFlight, 'benchmark scenario finished');
        } finally {
          await system.stop();
        }
      },
    };
    return workers;
  }

  async stop(): Promise<void> {
    await this.partners.close();
    await this.closeClient();
    await this.temporal.stop();
    fs.rmSync(path.dirname(this.bundleFile), { recursive: true, force: true });
  }
}

export async function connectTo(server: BenchTemporal, log: Logger) {
  return connectClient({
    env: { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace },
    log,
  });
}
