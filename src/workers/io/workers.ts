import { NativeConnection, Worker } from '@temporalio/worker';
import { createFulfilmentActivities } from '../../activities/fulfilment-activities';
import { createOrderClaimActivities } from '../../activities/order-claim-activities';
import { openOrderClaims } from '../../partner-data/store/order-claims';
import { createPartnerActivities } from '../../activities/partner-activities';
import { createSyncActivities } from '../../activities/sync-activities';
import { partnerApi } from '../../partners/partner-api';
import { PartnerClient } from '../../partners/partner-client';
import type { OrderOpsConfig } from '../../platform/config';
import { openPartnerStore } from '../../partner-data/store/open-partner-store';
import { orderOpsDataConverter } from '../../platform/encryption/data-converter';
import { WORKER_SIZING } from '../sizing';
import { workerTelemetryOptions } from '../worker-telemetry';
import { workflowBundle } from '../workflow-bundle';

export interface IoWorkers {
  /** Polls `orders`: workflow tasks, plus the planFulfilment local activity they run in-process. */
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
  const partnerClient = new PartnerClient({
    baseUrl: config.partnersUrl,
    connectionsPerPartner: config.partnerConnections,
  });
  // The synced partner data: the sync activities write it, planFulfilment reads it. SQLite by
  // default; PostgreSQL (ORDEROPS_STORE_URL) when several I/O workers must share one copy.
  const store = await openPartnerStore(config);
  const claims = openOrderClaims(config);
  const partnerActivities = createPartnerActivities({ api: partnerApi(partnerClient) });

  // Encryption (ORDEROPS_ENCRYPTION_KEYS), tracing and metrics: the same on every worker.
  const common = {
    connection,
    namespace,
    dataConverter: orderOpsDataConverter(config.encryption),
    ...workerTelemetryOptions(),
  };
  const orders = await Worker.create({
    ...common,
    taskQueue: config.taskQueues.orders,
    workflowBundle: await workflowBundle(config.workflowBundlePath),
    // planFulfilment runs as a local activity: a few indexed reads of the local store, not worth
    // a round trip through the server's task queue.
    // and claimOrder: the order id's durable claim, checked before any partner call.
    activities: {
      ...createFulfilmentActivities({ store, maxAgeMs: config.storeMaxAgeSeconds * 1000 }),
      ...createOrderClaimActivities({ claims }),
      // Only for the bench's `local-activity-per-carrier` quote model.
      quoteCarrier: partnerActivities.quoteCarrier,
    },
    maxConcurrentWorkflowTaskExecutions: config.ioWorkflowSlots,
    // Sticky cache: a running order's state stays in memory between its tasks, so each
    // activity completion costs one activation, not a replay of the whole history.
    maxCachedWorkflows: config.ioCachedWorkflows,
  });

  const partnerIo = await Worker.create({
    ...common,
    taskQueue: config.taskQueues.partnerIo,
    activities: {
      ...partnerActivities,
      ...createSyncActivities({ partners: partnerClient, store }),
    },
    maxConcurrentActivityTaskExecutions: config.ioActivitySlots,
    // On SIGTERM, let in-flight partner calls finish (their startToClose is at most 10 s) before
    // cancelling them; a call cut short is retried elsewhere under the same idempotency key.
    shutdownGraceTime: `${config.shutdownGraceSeconds ?? WORKER_SIZING.io.shutdownGraceSeconds}s`,
  });

  return {
    orders,
    partnerIo,
    async run() {
      try {
        await Promise.all([orders.run(), partnerIo.run()]);
      } finally {
        await partnerClient.close();
        await store.close();
        await claims.close();
      }
    },
    shutdown() {
      for (const worker of [orders, partnerIo]) if (worker.getState() === 'RUNNING') worker.shutdown();
    },
  };
}
