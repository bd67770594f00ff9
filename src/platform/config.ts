import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../contracts/task-queues';
import { WORKER_SIZING } from '../workers/sizing';

/**
 * Every process reads its settings from the environment through this one schema, so a typo in a
 * variable fails at start with the variable's name instead of surfacing as odd behaviour later.
 * Temporal's own connection settings (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS, API key, profiles)
 * are read by @temporalio/envconfig in platform/temporal-connection.ts.
 */
const positiveInt = z.coerce.number().int().positive();
const port = z.coerce.number().int().min(0).max(65_535);

const envSchema = z.object({
  ORDEROPS_ORDERS_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUES.orders),
  ORDEROPS_PARTNER_IO_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUES.partnerIo),
  ORDEROPS_ROUTE_SCORING_QUEUE: z.string().min(1).default(DEFAULT_TASK_QUEUES.routeScoring),
  ORDEROPS_PARTNERS_PORT: port.default(8090),
  ORDEROPS_PARTNERS_URL: z.url().optional(),
  ORDEROPS_API_PORT: port.default(8080),
  ORDEROPS_DATA_DIR: z.string().min(1).optional(),
  ORDEROPS_STORE_PATH: z.string().min(1).optional(),
  // Orders plan from the synced store only while its stock and rates are younger than this; older, they ask the partners.
  ORDEROPS_STORE_MAX_AGE_SECONDS: positiveInt.default(3_600),
  // Worker sizing defaults, and why: src/workers/sizing.ts.
  ORDEROPS_IO_ACTIVITY_SLOTS: positiveInt.default(WORKER_SIZING.io.activitySlots),
  ORDEROPS_IO_WORKFLOW_SLOTS: positiveInt.default(WORKER_SIZING.io.workflowSlots),
  ORDEROPS_IO_CACHED_WORKFLOWS: z.coerce.number().int().nonnegative().default(WORKER_SIZING.io.cachedWorkflows),
  // Keep-alive sockets per partner; a call beyond them waits inside the worker for a free one.
  ORDEROPS_PARTNER_CONNECTIONS: positiveInt.default(128),
  ORDEROPS_SCORING_THREADS: positiveInt.default(WORKER_SIZING.cpu.threads),
  // The road network route scoring runs over; its size sets how CPU-heavy one scoring is.
  ORDEROPS_ROAD_NETWORK_SEED: z.coerce.number().int().nonnegative().default(2026),
  ORDEROPS_ROAD_NETWORK_NODES: positiveInt.default(20_000),
  // Benchmark only: the I/O worker also scores routes on its own event loop, to measure what that costs.
  ORDEROPS_INLINE_SCORING: z.enum(['0', '1']).default('0'),
  // Unset: no endpoint. Set: a loopback JSON endpoint with event-loop delay and memory (0 picks a free port).
  ORDEROPS_WORKER_METRICS_PORT: port.optional(),
});

export interface OrderOpsConfig {
  taskQueues: TaskQueues;
  partnersPort: number;
  partnersUrl: string;
  apiPort: number;
  dataDir: string;
  storePath: string;
  storeMaxAgeSeconds: number;
  ioActivitySlots: number;
  ioWorkflowSlots: number;
  ioCachedWorkflows: number;
  partnerConnections: number;
  scoringThreads: number;
  roadNetwork: { seed: number; nodeCount: number };
  inlineScoring: boolean;
  workerMetricsPort: number | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): OrderOpsConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ORDEROPS_DATA_DIR ?? path.join(projectRoot(), 'data'));
  return {
    taskQueues: {
      orders: e.ORDEROPS_ORDERS_QUEUE,
      partnerIo: e.ORDEROPS_PARTNER_IO_QUEUE,
      routeScoring: e.ORDEROPS_ROUTE_SCORING_QUEUE,
    },
    partnersPort: e.ORDEROPS_PARTNERS_PORT,
    partnersUrl: e.ORDEROPS_PARTNERS_URL ?? `http://127.0.0.1:${e.ORDEROPS_PARTNERS_PORT}`,
    apiPort: e.ORDEROPS_API_PORT,
    dataDir,
    storePath: path.resolve(e.ORDEROPS_STORE_PATH ?? path.join(dataDir, 'partner-store.sqlite')),
    storeMaxAgeSeconds: e.ORDEROPS_STORE_MAX_AGE_SECONDS,
    ioActivitySlots: e.ORDEROPS_IO_ACTIVITY_SLOTS,
    ioWorkflowSlots: e.ORDEROPS_IO_WORKFLOW_SLOTS,
    ioCachedWorkflows: e.ORDEROPS_IO_CACHED_WORKFLOWS,
    partnerConnections: e.ORDEROPS_PARTNER_CONNECTIONS,
    scoringThreads: e.ORDEROPS_SCORING_THREADS,
    roadNetwork: { seed: e.ORDEROPS_ROAD_NETWORK_SEED, nodeCount: e.ORDEROPS_ROAD_NETWORK_NODES },
    inlineScoring: e.ORDEROPS_INLINE_SCORING === '1',
    workerMetricsPort: e.ORDEROPS_WORKER_METRICS_PORT,
  };
}

/** The repository root (the folder holding package.json), whether running from src/ or dist/. */
export function projectRoot(): string {
  return path.resolve(__dirname, '..', '..');
}
