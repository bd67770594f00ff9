import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUES, type TaskQueues } from '../contracts/task-queues';
import { WORKER_SIZING } from '../workers/sizing';
import { EncryptionKeyError, parseEncryptionKeys, type EncryptionKeyring } from './encryption/encryption-keys';

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
  // Without API keys the API listens on loopback only; another address needs ORDEROPS_API_KEYS (docs/security.md).
  ORDEROPS_API_HOST: z.string().min(1).optional(),
  ORDEROPS_DATA_DIR: z.string().min(1).optional(),
  ORDEROPS_STORE_PATH: z.string().min(1).optional(),
  // Set: the partner store is this PostgreSQL database, shared by every I/O worker (it holds a password: never logged).
  ORDEROPS_STORE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  // Orders plan from the synced store only while its stock and rates are younger than this; older, they ask the partners.
  ORDEROPS_STORE_MAX_AGE_SECONDS: positiveInt.default(3_600),
  // Worker sizing defaults, and why: src/workers/sizing.ts.
  ORDEROPS_IO_ACTIVITY_SLOTS: positiveInt.default(WORKER_SIZING.io.activitySlots),
  ORDEROPS_IO_WORKFLOW_SLOTS: positiveInt.default(WORKER_SIZING.io.workflowSlots),
  ORDEROPS_IO_CACHED_WORKFLOWS: z.coerce.number().int().nonnegative().default(WORKER_SIZING.io.cachedWorkflows),
  // A workflow bundle written beforehand (`npm run build`, or the bench from the current sources): no webpack in the worker.
  ORDEROPS_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  // Keep-alive sockets per partner; a call beyond them waits inside the worker for a free one.
  ORDEROPS_PARTNER_CONNECTIONS: positiveInt.default(128),
  ORDEROPS_SCORING_THREADS: positiveInt.default(WORKER_SIZING.cpu.threads),
  // The road network route scoring runs over; its size sets how CPU-heavy one scoring is.
  ORDEROPS_ROAD_NETWORK_SEED: z.coerce.number().int().nonnegative().default(2026),
  ORDEROPS_ROAD_NETWORK_NODES: positiveInt.default(20_000),
  // Unset: no endpoint. Set: Prometheus text on http://127.0.0.1:<port>/metrics (0 picks a free port).
  ORDEROPS_METRICS_PORT: port.optional(),
  // Unset: none. Set: GET /livez and /readyz on loopback for the workers' container healthchecks (0 picks a free port).
  ORDEROPS_HEALTH_PORT: port.optional(),
  // Unset: each worker's own grace (src/workers/sizing.ts). Set it below the container's stop timeout.
  ORDEROPS_SHUTDOWN_GRACE_SECONDS: positiveInt.optional(),
  // `keyId:base64-32-bytes,...`: the first encrypts, all decrypt (platform/encryption). Unset: payloads are plain JSON.
  ORDEROPS_ENCRYPTION_KEYS: z.string().optional(),
  ORDEROPS_CODEC_PORT: port.default(8888),
  // Loopback unless set; another address needs ORDEROPS_CODEC_TOKEN (read by the codec server only: a secret).
  ORDEROPS_CODEC_HOST: z.string().min(1).optional(),
  // The Web UI's origin, the one browser origin the codec server answers (CORS).
  ORDEROPS_CODEC_CORS_ORIGIN: z.string().min(1).default('http://localhost:8233'),
});

export interface OrderOpsConfig {
  taskQueues: TaskQueues;
  partnersPort: number;
  partnersUrl: string;
  apiPort: number;
  dataDir: string;
  storePath: string;
  /** PostgreSQL connection URL of the shared partner store; undefined: the SQLite file at storePath. */
  storeUrl: string | undefined;
  storeMaxAgeSeconds: number;
  ioActivitySlots: number;
  ioWorkflowSlots: number;
  ioCachedWorkflows: number;
  /** A prebuilt workflow bundle to load instead of bundling at start. */
  workflowBundlePath: string | undefined;
  partnerConnections: number;
  scoringThreads: number;
  roadNetwork: { seed: number; nodeCount: number };
  metricsPort: number | undefined;
  healthPort: number | undefined;
  /** How long a stopping worker lets in-flight tasks finish before cancelling them; undefined: the sizing default per kind. */
  shutdownGraceSeconds: number | undefined;
  apiHost: string | undefined;
  /** Undefined: payloads are not encrypted. */
  encryption: EncryptionKeyring | undefined;
  codecPort: number;
  codecHost: string | undefined;
  codecCorsOrigin: string;
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
  let encryption: EncryptionKeyring | undefined;
  try {
    encryption = parseEncryptionKeys(e.ORDEROPS_ENCRYPTION_KEYS);
  } catch (err) {
    if (err instanceof EncryptionKeyError) throw new ConfigError(`invalid environment: ${err.message}`);
    throw err;
  }
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
    storeUrl: e.ORDEROPS_STORE_URL,
    storeMaxAgeSeconds: e.ORDEROPS_STORE_MAX_AGE_SECONDS,
    ioActivitySlots: e.ORDEROPS_IO_ACTIVITY_SLOTS,
    ioWorkflowSlots: e.ORDEROPS_IO_WORKFLOW_SLOTS,
    ioCachedWorkflows: e.ORDEROPS_IO_CACHED_WORKFLOWS,
    workflowBundlePath: e.ORDEROPS_WORKFLOW_BUNDLE,
    partnerConnections: e.ORDEROPS_PARTNER_CONNECTIONS,
    scoringThreads: e.ORDEROPS_SCORING_THREADS,
    roadNetwork: { seed: e.ORDEROPS_ROAD_NETWORK_SEED, nodeCount: e.ORDEROPS_ROAD_NETWORK_NODES },
    metricsPort: e.ORDEROPS_METRICS_PORT,
    healthPort: e.ORDEROPS_HEALTH_PORT,
    shutdownGraceSeconds: e.ORDEROPS_SHUTDOWN_GRACE_SECONDS,
    apiHost: e.ORDEROPS_API_HOST,
    encryption,
    codecPort: e.ORDEROPS_CODEC_PORT,
    codecHost: e.ORDEROPS_CODEC_HOST,
    codecCorsOrigin: e.ORDEROPS_CODEC_CORS_ORIGIN,
  };
}

/** The repository root (the folder holding package.json), whether running from src/ or dist/. */
export function projectRoot(): string {
  return path.resolve(__dirname, '..', '..');
}
