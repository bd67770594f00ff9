import { NativeConnection, Worker } from '@temporalio/worker';
import { createPartnerActivities } from '../activities/partner-activities';
import { partnerApi } from '../partners/client/partner-api';
import { PartnerClient } from '../partners/client/partner-client';
import type { OrderOpsConfig } from '../shared/config';
import { workflowBundle } from './workflow-bundle';

export interface IoWorkers {
  /** Polls `orders`: workflow tasks only. */
  orders: Worker;
  /** Polls `partner-io`: partner activities only, many slots. */
  partnerIo: Worker;
  run(): Promise<void>;
  shutdown(): void;
}

/**
 * The I/O side of the workload map: one process, two pollers. Workflow tasks are short CPU
 * bursts of deterministic code; partner activities are almost all waiting on sockets, so one
 * event loop carries hundreds of them and the slot count, not the core count, is the limit.
 */
export async function createIoWorkers(options: {
  connection: NativeConnection;
  namespace: string;
  config: OrderOpsConfig;
}): Promise<IoWorkers> {
  const { connection, namespace, config } = options;
  const partnerClient = new PartnerClient({ baseUrl: config.partnersUrl });

  const orders = await Worker.create({
    connection,
    namespace,
    taskQueue: config.taskQueues.orders,
    workflowBundle: await workflowBundle(),
    maxConcurrentWorkflowTaskExecutions: config.ioWorkflowSlots,
    // Sticky cache: a running order's state stays in memory between its tasks, so each
    // activity completion costs one activation, not a replay of the whole history.
    maxCachedWorkflows: 2_000,
  });

  const partnerIo = await Worker.create({
    connection,
    namespace,
    taskQueue: config.taskQueues.partnerIo,
    activities: createPartnerActivities({ api: partnerApi(partnerClient) }),
    maxConcurrentActivityTaskExecutions: config.ioActivitySlots,
  });

  return {
    orders,
    partnerIo,
    async run() {
      try {
        await Promise.all([orders.run(), partnerIo.run()]);
      } finally {
        await partnerClient.close();
      }
    },
    shutdown() {
      for (const worker of [orders, partnerIo]) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
