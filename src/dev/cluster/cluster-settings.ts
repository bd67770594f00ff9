import path from 'node:path';
import { z } from 'zod';
import { loadConfig } from '../../platform/config';
import { defaultClusterPorts, type ClusterPorts } from './temporal-config';

const port = z.coerce.number().int().min(1).max(65_535);

/**
 * `npm run cluster`'s own settings. The public ports are the ones `npm start` uses, so the CLI,
 * the API and the Web UI are where the README says; everything else sits on ports of its own.
 */
const envSchema = z.object({
  /** Where PostgreSQL's data, the generated configs and the run files live (default `data/cluster`). */
  ORDEROPS_CLUSTER_DIR: z.string().min(1).optional(),
  ORDEROPS_CLUSTER_PORT_BASE: port.default(17_000),
  ORDEROPS_CLUSTER_PG_PORT: port.default(15_432),
  ORDEROPS_CLUSTER_TEMPORAL_PORT: port.default(7_233),
  ORDEROPS_CLUSTER_UI_PORT: port.default(8_233),
  ORDEROPS_CLUSTER_IO_WORKERS: z.coerce.number().int().min(1).max(8).default(2),
  ORDEROPS_CLUSTER_CPU_WORKERS: z.coerce.number().int().min(1).max(8).default(2),
  ORDEROPS_CLUSTER_HISTORY_SHARDS: z.coerce.number().int().min(1).max(1024).default(4),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
});

export interface ClusterSettings {
  dir: string;
  ports: ClusterPorts;
  ioWorkers: number;
  cpuWorkers: number;
  historyShards: number;
  namespace: string;
}

export function loadClusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `invalid cluster settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const e = parsed.data;
  const config = loadConfig(env);
  return {
    dir: path.resolve(e.ORDEROPS_CLUSTER_DIR ?? path.join(config.dataDir, 'cluster')),
    ports: defaultClusterPorts({
      base: e.ORDEROPS_CLUSTER_PORT_BASE,
      postgres: e.ORDEROPS_CLUSTER_PG_PORT,
      frontend: e.ORDEROPS_CLUSTER_TEMPORAL_PORT,
      ui: e.ORDEROPS_CLUSTER_UI_PORT,
      partners: config.partnersPort,
      api: config.apiPort,
    }),
    ioWorkers: e.ORDEROPS_CLUSTER_IO_WORKERS,
    cpuWorkers: e.ORDEROPS_CLUSTER_CPU_WORKERS,
    historyShards: e.ORDEROPS_CLUSTER_HISTORY_SHARDS,
    namespace: e.TEMPORAL_NAMESPACE,
  };
}

/** Every port the cluster will listen on, with who listens: checked free before anything starts. */
export function listeningPorts(ports: ClusterPorts): { what: string; port: number }[] {
  return [
    { what: 'PostgreSQL', port: ports.postgres },
    { what: 'Temporal frontend', port: ports.frontend },
    { what: 'Temporal frontend HTTP', port: ports.frontendHttp },
    ...Object.entries(ports.grpc).map(([service, p]) => ({ what: `Temporal ${service}`, port: p })),
    ...Object.entries(ports.membership).map(([service, p]) => ({ what: `Temporal ${service} membership`, port: p })),
    ...Object.entries(ports.metrics).map(([service, p]) => ({ what: `Temporal ${service} metrics`, port: p })),
    { what: 'Temporal Web UI', port: ports.ui },
    { what: 'partner simulator', port: ports.partners },
    { what: 'HTTP API', port: ports.api },
  ];
}
