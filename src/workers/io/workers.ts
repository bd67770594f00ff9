import { NativeConnection, Worker } from '@temporalio/worker';
import { createFulfilmentActivities } from '../../activities/fulfilment-activities';
import { createPartnerActivities } from '../../activities/partner-activities';
import { createScoringActivities } from '../../activities/scoring-activities';
import { createSyncActivities } from '../../activities/sync-activities';
import { InlineScorer } from '../../scoring/inline-scoring';
import { partnerApi } from '../../partners/partner-api';
import { PartnerClient } from '../../partners/partner-client';
import type { OrderOpsConfig } from '../../platform/config';
import { SqlitePartnerStore } from '../../partner-data/store/sqlite-partner-store';
import { WORKER_SIZING } from '../sizing';
import { workflowBundle } from '../workflow-bundle';

export interface IoWorkers {
  /** Polls `orders`: workflow tasks, plus the planFulfilment local activity they run in-process. */
  orders: Worker;
  /** Polls `partner-io`: partner activities only, many slots. */
  partnerIo: Worker;
  /** Only with ORDEROPS_INLINE_SCORING=1 (benchmark): route scoring on this process's event loop. */
  inlineScoring?: Worker;
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
  const partnerClient = new PartnerClient({ baseUrl: config.partnersUrl, connectionsPerPartner: config.partnerConnections });
  // The synced partner data: the sync activities write it, planFulfilment reads it.
  const store = SqlitePartnerStore.open(config.storePath);

  const orders = await Worker.create({
    connection,
    namespace,
    taskQueue: config.taskQueues.orders,
    workflowBundle: await workflowBundle(),
    // planFulfilment runs as a local activity: a few indexed reads of the local store, not worth
    // a round trip through the server's task queue.
    activities: createFulfilmentActivities({ store, maxAgeMs: config.storeMaxAgeSeconds * 1000 }),
    maxConcurrentWorkflowTaskExecutions: config.ioWorkflowSlots,
    // Sticky cache: a running order's state stays in memory between its tasks, so each
    // activity completion costs one activation, not a replay of the whole history.
    maxCachedWorkflows: config.ioCachedWorkflows,
  });

  const partnerIo = await Worker.create({
    connection,
    namespace,
    taskQueue: config.taskQueues.partnerIo,
    activities: {
      ...createPartnerActivities({ api: partnerApi(partnerClient) }),
      ...createSyncActivities({ partners: partnerClient, store }),
    },
    maxConcurrentActivityTaskExecutions: config.ioActivitySlots,
    // On SIGTERM, let in-flight partner calls finish (their startToClose is at most 10 s) before
    // cancelling them; a call cut short is retried elsewhere under the same idempotency key.
    shutdownGraceTime: `${WORKER_SIZING.io.shutdownGraceSeconds}s`,
  });

  // The anti-pattern the CPU worker exists to avoid, switched on only by `npm run bench` to measure
  // what scoring on this event loop costs every partner call and workflow task sharing it.
  const inlineScoring = config.inlineScoring
    ? await Worker.create({
        connection,
        namespace,
        taskQueue: config.taskQueues.routeScoring,
        activities: createScoringActivities({ scorer: new InlineScorer(), network: config.roadNetwork }),
        maxConcurrentActivityTaskExecutions: config.scoringThreads,
      })
    : undefined;

  return {
    orders,
    partnerIo,
    inlineScoring,
    async run() {
      try {
        await Promise.all([orders.run(), partnerIo.run(), inlineScoring?.run()]);
      } finally {
        await partnerClient.close();
        store.close();
      }
    },
    shutdown() {
      for (const worker of [orders, partnerIo, inlineScoring]) if (worker?.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
