import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { OrderOpsClient } from '../../src/front-doors/client/orderops-client';
import { connectClient } from '../../src/platform/temporal-connection';
import type { Logger } from '../../src/platform/logger';
import type { TaskQueues } from '../../src/contracts/task-queues';
import { terminateLeftovers } from '../load/cleanup';
import type { OrderDriver } from '../load/order-runs';
import { BenchPartners } from './partners';
import { provideTemporal, type BenchTemporal, type DynamicConfig } from './temporal';
import { startWorkerChild, type WorkerChild } from './worker-children';

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
  /** ORDEROPS_* for the CPU worker; false: none. */
  cpu?: Record<string, string> | false;
  /** Another server (the persistence scenario's SQLite one); the main server by default. */
  temporal?: { server: BenchTemporal; client: Client };
}

/** Everything scenarios share: the Temporal server and a client, the partner simulator, a run tag. */
export class BenchStack {
  readonly runTag = randomUUID().slice(0, 8);

  private constructor(
    readonly temporal: BenchTemporal,
    readonly client: Client,
    private readonly closeClient: () => Promise<void>,
    readonly partners: BenchPartners,
    readonly log: Logger,
    /** Server dynamic config under test; every server the run launches gets it. */
    readonly dynamicConfig: DynamicConfig,
  ) {}

  static async start(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchStack> {
    if (process.env.TEMPORAL_ADDRESS && Object.keys(dynamicConfig).length > 0) {
      throw new Error('server dynamic config needs a server the benchmark launches; unset TEMPORAL_ADDRESS');
    }
    const temporal = await provideTemporal(log, dynamicConfig);
    try {
      const { client, connection } = await connectTo(temporal, log);
      return new BenchStack(temporal, client, () => connection.close(), new BenchPartners(log), log, dynamicConfig);
    } catch (err) {
      await temporal.stop();
      throw err;
    }
  }

  /** Worker processes on task queues of their own, so nothing from an earlier scenario reaches them. */
  async startWorkers(set: WorkerSet): Promise<ScenarioWorkers> {
    const server = set.temporal?.server ?? this.temporal;
    const client = set.temporal?.client ?? this.client;
    const suffix = `${set.label}-${this.runTag}-${randomUUID().slice(0, 4)}`;
    const queues: TaskQueues = { orders: `bench-orders-${suffix}`, partnerIo: `bench-io-${suffix}`, routeScoring: `bench-scoring-${suffix}` };
    const common = { temporal: server, client, queues, partnersUrl: this.partners.current().url, log: this.log };
    const started: WorkerChild[] = [];
    const stopAll = async (): Promise<void> => {
      await Promise.all(started.map((child) => child.stop()));
    };
    try {
      const starting = [
        set.io === false ? undefined : startWorkerChild({ ...common, kind: 'io', env: set.io ?? {} }),
        set.cpu === false ? undefined : startWorkerChild({ ...common, kind: 'cpu', env: set.cpu ?? {} }),
      ];
      const settled = await Promise.allSettled(starting.map((child) => child ?? Promise.resolve(undefined)));
      for (const outcome of settled) if (outcome.status === 'fulfilled' && outcome.value) started.push(outcome.value);
      const failure = settled.find((outcome) => outcome.status === 'rejected');
      if (failure) throw failure.reason;
      const [io, cpu] = settled.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
      const driver: OrderDriver = { orders: new OrderOpsClient(client, queues), client, inFlight: new Set() };
      const workers: ScenarioWorkers = {
        queues,
        driver,
        io,
        cpu,
        addWorker: async (kind, env = {}) => {
          const child = await startWorkerChild({ ...common, kind, env });
          started.push(child);
          workers[kind] = child;
          return child;
        },
        stop: async () => {
          try {
            await terminateLeftovers(client, queues.orders, driver.inFlight, 'benchmark scenario finished');
          } finally {
            await stopAll();
          }
        },
      };
      return workers;
    } catch (err) {
      await stopAll();
      throw err;
    }
  }

  async stop(): Promise<void> {
    await this.partners.close();
    await this.closeClient();
    await this.temporal.stop();
  }
}

export async function connectTo(server: BenchTemporal, log: Logger) {
  return connectClient({ env: { ...process.env, TEMPORAL_ADDRESS: server.address, TEMPORAL_NAMESPACE: server.namespace }, log });
}
