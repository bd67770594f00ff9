/** `npm run cluster` as a child process: for the cluster tests and the benchmark's cluster target. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../platform/config';
import type { ClusterState } from './main';

const ROOT = projectRoot();
const CLI = path.join(ROOT, 'src/front-doors/cli/main.ts');

/** Ports of one cluster run by a test or the bench: below the ephemeral range, so no outgoing socket holds one. */
export interface ClusterTestPorts {
  base: number;
  postgres: number;
  frontend: number;
  ui: number;
  api: number;
  partners: number;
}

export interface RunningCluster {
  child: ChildProcess;
  dir: string;
  /** Environment that points a process at this cluster (TEMPORAL_ADDRESS, partners, the ports). */
  env: NodeJS.ProcessEnv;
  logFile: string;
  state(): ClusterState;
  /** The shared partner store's URL (with its generated password, read from the cluster folder). */
  storeUrl(database?: string): string;
  /** SIGTERM, as Ctrl-C would; resolves with the pids that were running just before. */
  stop(): Promise<number[]>;
}

export function clusterEnv(dir: string, ports: ClusterTestPorts): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ORDEROPS_CLUSTER_DIR: dir,
    ORDEROPS_DATA_DIR: path.join(dir, 'app'),
    ORDEROPS_CLUSTER_PORT_BASE: String(ports.base),
    ORDEROPS_CLUSTER_PG_PORT: String(ports.postgres),
    ORDEROPS_CLUSTER_TEMPORAL_PORT: String(ports.frontend),
    ORDEROPS_CLUSTER_UI_PORT: String(ports.ui),
    ORDEROPS_API_PORT: String(ports.api),
    ORDEROPS_PARTNERS_PORT: String(ports.partners),
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.frontend}`,
    TEMPORAL_NAMESPACE: 'default',
    ORDEROPS_PARTNERS_URL: `http://127.0.0.1:${ports.partners}`,
    LOG_LEVEL: 'warn',
  };
  // Settings meant for another Temporal or store must not leak into the cluster's processes.
  for (const key of ['ORDEROPS_STORE_URL', 'ORDEROPS_STORE_PATH', 'TEMPORAL_API_KEY', 'TEMPORAL_PROFILE'])
    delete env[key];
  return env;
}

/**
 * `npm run cluster` as a real process, its output in `logFile`; resolves once its state file says
 * ready. The first run on a machine includes the Go builds (minutes).
 */
export async function startClusterProcess(options: {
  dir: string;
  ports: ClusterTestPorts;
  logFile: string;
  timeoutMs: number;
  /** e.g. fewer workers, for a test about the cluster's lifecycle rather than its spread. */
  extraEnv?: NodeJS.ProcessEnv;
}): Promise<RunningCluster> {
  const { dir, ports, logFile } = options;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'a');
  const env = { ...clusterEnv(dir, ports), ...options.extraEnv };
  const child = spawn(
    process.execPath,
    [
      '--require',
      'tsx/cjs',
      '--require',
      path.join(ROOT, 'src/platform/parent-watch.ts'),
      '--import',
      'tsx',
      CLI,
      'cluster',
    ],
    {
      cwd: ROOT,
      env: { ...env, LOG_LEVEL: 'info' },
      stdio: ['ignore', out, out],
      detached: true,
    },
  );
  fs.closeSync(out);
  const stateFile = path.join(dir, 'run', 'cluster.json');
  const readState = (): ClusterState => JSON.parse(fs.readFileSync(stateFile, 'utf8')) as ClusterState;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `npm run cluster exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logFile)}`,
      );
    }
    try {
      const state = readState();
      if (state.pid === child.pid && state.status === 'ready') break;
    } catch {
      // Not written yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`npm run cluster was not ready within ${options.timeoutMs} ms:\n${tail(logFile)}`);
    }
    await sleep(250);
  }

  return {
    child,
    dir,
    env,
    logFile,
    state: readState,
    storeUrl(database = 'orderops') {
      const password = fs.readFileSync(path.join(dir, 'secrets', 'postgres-password'), 'utf8').trim();
      return `postgres://orderops:${encodeURIComponent(password)}@127.0.0.1:${ports.postgres}/${database}`;
    },
    async stop() {
      const pids = clusterPids(readState());
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      return pids;
    },
  };
}

/** Every process of the cluster: the supervisor, each managed process and each native program. */
export function clusterPids(state: ClusterState): number[] {
  const pids = [state.pid];
  for (const entry of Object.values(state.processes)) {
    if (entry.pid !== undefined) pids.push(entry.pid);
    const program = entry.pidFile ? readPid(entry.pidFile) : undefined;
    if (program !== undefined) pids.push(program);
  }
  return pids;
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Running, and not a zombie: `kill -0` succeeds on a zombie, /proc says what it is. */
export function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const stateLetter = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return stateLetter !== 'Z' && stateLetter !== 'X';
  } catch {
    return false;
  }
}

export function tail(file: string, lines = 60): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no output)';
  }
}
