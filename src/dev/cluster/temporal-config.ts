import fs from 'node:fs';
import path from 'node:path';

/** The four services of the Temporal server, in the order they start (history first: see below). */
export const TEMPORAL_SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type TemporalService = (typeof TEMPORAL_SERVICES)[number];

export interface ClusterPorts {
  postgres: number;
  /** Temporal's gRPC front door: TEMPORAL_ADDRESS for workers, API and CLI. */
  frontend: number;
  frontendHttp: number;
  grpc: Record<Exclude<TemporalService, 'frontend'>, number>;
  membership: Record<TemporalService, number>;
  /** One Prometheus port per server process: services sharing one would fight over it. */
  metrics: Record<TemporalService, number>;
  ui: number;
  partners: number;
  api: number;
}

/**
 * Fixed ports for `npm run cluster`: the public ones are those `npm start` promises (gRPC 7233,
 * UI 8233, API 8080, partners 8090) so `npx orderops place` works unchanged; the internal ones
 * sit at `ORDEROPS_CLUSTER_PORT_BASE` (17000) + the usual Temporal offsets, PostgreSQL on 15432.
 */
export function defaultClusterPorts(options: {
  base: number;
  postgres: number;
  frontend: number;
  ui: number;
  partners: number;
  api: number;
}): ClusterPorts {
  const { base } = options;
  return {
    postgres: options.postgres,
    frontend: options.frontend,
    frontendHttp: base + 243,
    grpc: { history: base + 234, matching: base + 235, worker: base + 239 },
    membership: { frontend: base + 933, history: base + 934, matching: base + 935, worker: base + 939 },
    metrics: { frontend: base + 900, history: base + 901, matching: base + 902, worker: base + 903 },
    ui: options.ui,
    partners: options.partners,
    api: options.api,
  };
}

export interface TemporalConfigOptions {
  configDir: string;
  ports: ClusterPorts;
  postgres: { user: string; password: string };
  numHistoryShards: number;
}

/**
 * One config file per service (they differ only in the Prometheus port), following the server
 * module's `config/development-postgres12.yaml`: both stores on the postgres12 plugin, every port
 * on 127.0.0.1 (`bindOnLocalHost`), one cluster. The files hold the database password: 0600.
 * Returns the path of each service's file.
 */
export function writeTemporalConfigs(options: TemporalConfigOptions): Record<TemporalService, string> {
  fs.mkdirSync(options.configDir, { recursive: true, mode: 0o700 });
  const dynamicConfig = path.join(options.configDir, 'dynamic-config.yaml');
  fs.writeFileSync(dynamicConfig, DYNAMIC_CONFIG);
  const files = {} as Record<TemporalService, string>;
  for (const service of TEMPORAL_SERVICES) {
    const file = path.join(options.configDir, `${service}.yaml`);
    fs.writeFileSync(file, serverConfig(options, service, dynamicConfig), { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    files[service] = file;
  }
  return files;
}

function serverConfig(
  { ports, postgres, numHistoryShards }: TemporalConfigOptions,
  service: TemporalService,
  dynamicConfig: string,
): string {
  const store = (database: string, maxConns: number): string => `
      sql:
        pluginName: "postgres12"
        databaseName: "${database}"
        connectAddr: "127.0.0.1:${ports.postgres}"
        connectProtocol: "tcp"
        user: ${JSON.stringify(postgres.user)}
        password: ${JSON.stringify(postgres.password)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: "1h"`;
  const rpc = (name: TemporalService, grpcPort: number, extra = ''): string => `
  ${name}:
    rpc:
      grpcPort: ${grpcPort}
      membershipPort: ${ports.membership[name]}
      bindOnLocalHost: true${extra}`;
  return `# Written by \`npm run cluster\` (src/dev/cluster/temporal-config.ts) on every start; edits are lost.
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: ${numHistoryShards}
  datastores:
    postgres-default:${store('temporal', 10)}
    postgres-visibility:${store('temporal_visibility', 4)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:${ports.metrics[service]}"

services:${rpc('frontend', ports.frontend, `\n      httpPort: ${ports.frontendHttp}`)}${rpc('history', ports.grpc.history)}${rpc('matching', ports.grpc.matching)}${rpc('worker', ports.grpc.worker)}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "127.0.0.1:${ports.frontend}"
      httpAddress: "127.0.0.1:${ports.frontendHttp}"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: ${JSON.stringify(dynamicConfig)}
  pollInterval: "10s"
`;
}

/**
 * Dynamic config every OrderOps cluster runs with (docker-compose.yml carries the same values; a
 * test compares them): the workers' heartbeats, so `temporal worker list` shows the I/O and CPU
 * workers as the dev server does, and the development config's id length limit.
 */
export const CLUSTER_DYNAMIC_CONFIG: Readonly<Record<string, boolean | number>> = Object.freeze({
  // The history service reads each shard's transfer queue at most 20 times a second by default:
  // every task waited up to 50 ms (bench: task waits 15 -> 2.5 ms on the dev server at 1000).
  'history.transferProcessorMaxPollRPS': 1000,
  'frontend.WorkerHeartbeatsEnabled': true,
  'frontend.ListWorkersEnabled': true,
  'limit.maxIDLength': 255,
});

/**
 * Local only: a search attribute registered a moment ago is usable at once (otherwise up to a
 * minute of "not defined" on a fresh cluster). It costs a read per use, so deployments leave it off.
 */
const LOCAL_DYNAMIC_CONFIG: Readonly<Record<string, boolean | number>> = Object.freeze({
  'system.forceSearchAttributesCacheRefreshOnRead': true,
});

const DYNAMIC_CONFIG = `# Written by \`npm run cluster\` on every start.
${Object.entries({ ...CLUSTER_DYNAMIC_CONFIG, ...LOCAL_DYNAMIC_CONFIG })
  .map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n    constraints: {}\n`)
  .join('')}`;

/** The Web UI server's config (ui-server v2 reads \`<root>/config/<env>.yaml\`). */
export function writeUiConfig(options: { configDir: string; ports: ClusterPorts }): string {
  const root = path.join(options.configDir, 'ui');
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'config', 'orderops.yaml'),
    `# Written by \`npm run cluster\` on every start.
temporalGrpcAddress: 127.0.0.1:${options.ports.frontend}
host: 127.0.0.1
port: ${options.ports.ui}
enableUi: true
cors:
  allowOrigins:
    - http://localhost:${options.ports.ui}
    - http://127.0.0.1:${options.ports.ui}
defaultNamespace: default
auth:
  enabled: false
`,
  );
  return root;
}
