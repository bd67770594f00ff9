import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection, Client } from '@temporalio/client';
import { devServerExtraArgs } from '../../../src/dev/temporal/dev-server';
import { resolveTemporalCli } from '../../../src/dev/temporal/temporal-cli';
import { CLI_ENTRY, absoluteEntry } from '../../../src/dev/stack/components';
import { ManagedChild, type ChildExit } from '../../../src/dev/stack/managed-child';
import { SimulatorAdmin } from '../../../src/dev/partner-simulator/admin-client';
import { findFreePort } from '../../../src/platform/free-port';
import { createLogger } from '../../../src/platform/logger';
import { WORKER_SIZING } from '../../../src/workers/sizing';

const log = createLogger('fault-suite', process.env.FAULTS_LOG_LEVEL ?? 'warn');

export type WorkerKind = 'io' | 'cpu';

/** A worker, simulator or API process launched through `orderops <verb>`, with its log lines kept. */
export class StackProcess {
  readonly lines: string[] = [];
  readonly child: ManagedChild;

  constructor(
    readonly name: string,
    args: string[],
    env: NodeJS.ProcessEnv,
    heapMb?: number,
    /** Workers: the loopback port of their /livez and /readyz. */
    readonly healthPort?: number,
  ) {
    this.child = new ManagedChild({
      name,
      entry: absoluteEntry(CLI_ENTRY),
      args,
      env,
      log,
      ...(heapMb ? { heapMb } : {}),
      onLine: (line) => {
        this.lines.push(line);
        if (process.env.FAULTS_ECHO === '1') process.stdout.write(`[${name}] ${line}\n`);
      },
    });
  }

  get exited(): Promise<ChildExit> {
    return this.child.exited;
  }

  get hasExited(): boolean {
    return this.child.hasExited;
  }

  signal(signal: NodeJS.Signals): void {
    this.child.sendSignal(signal);
  }

  stop(graceMs = 30_000): Promise<void> {
    return this.child.stop(graceMs);
  }

  /** GET /readyz: its status code, or undefined when nothing answers. */
  async readiness(): Promise<{ status: number; detail: string } | undefined> {
    if (this.healthPort === undefined) throw new Error(`${this.name} has no health port`);
    try {
      const response = await fetch(`http://127.0.0.1:${this.healthPort}/readyz`, {
        signal: AbortSignal.timeout(5_000),
      });
      const body = (await response.json()) as { detail?: string };
      return { status: response.status, detail: body.detail ?? '' };
    } catch {
      return undefined;
    }
  }

  /** Resolves once a log line matches (workers say "worker started"). */
  async waitForLine(pattern: RegExp, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    while (Date.now() < deadline) {
      for (; seen < this.lines.length; seen += 1) if (pattern.test(this.lines[seen] as string)) return;
      if (this.hasExited)
        throw new Error(`${this.name} exited before logging ${pattern}: ${this.lines.slice(-20).join('\n')}`);
      await sleep(100);
    }
    throw new Error(`${this.name} did not log ${pattern} within ${timeoutMs} ms`);
  }
}

/**
 * The whole system as separate OS processes on its own ports, data folder and task queues: the
 * Temporal CLI dev server on a SQLite file, the partner simulator, I/O and CPU workers and the API.
 */
export class FaultStack {
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-faults-'));
  readonly dbFile = path.join(this.dataDir, 'temporal.sqlite');
  readonly suffix = `faults-${process.pid}`;
  readonly queues = {
    orders: `orders-${this.suffix}`,
    partnerIo: `partner-io-${this.suffix}`,
    routeScoring: `route-scoring-${this.suffix}`,
  };
  temporalPort = 0;
  partnersPort = 0;
  apiPort = 0;
  temporal: ChildProcess | undefined;
  partners!: StackProcess;
  api!: StackProcess;
  readonly workers = new Map<string, StackProcess>();
  /** Every worker process this stack ever ran, including killed ones: their logs are audited. */
  readonly workerHistory: StackProcess[] = [];
  admin!: SimulatorAdmin;
  client!: Client;
  private connection: Connection | undefined;
  private workerCount = 0;

  get address(): string {
    return `127.0.0.1:${this.temporalPort}`;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: this.address,
      TEMPORAL_NAMESPACE: 'default',
      ORDEROPS_ORDERS_QUEUE: this.queues.orders,
      ORDEROPS_PARTNER_IO_QUEUE: this.queues.partnerIo,
      ORDEROPS_ROUTE_SCORING_QUEUE: this.queues.routeScoring,
      ORDEROPS_PARTNERS_PORT: String(this.partnersPort),
      ORDEROPS_PARTNERS_URL: `http://127.0.0.1:${this.partnersPort}`,
      ORDEROPS_PARTNERS_HOST: '127.0.0.1',
      ORDEROPS_API_PORT: String(this.apiPort),
      ORDEROPS_API_HOST: '127.0.0.1',
      ORDEROPS_DATA_DIR: this.dataDir,
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  async start(): Promise<void> {
    this.temporalPort = await findFreePort();
    this.partnersPort = await findFreePort();
    this.apiPort = await findFreePort();
    await this.startTemporal();
    this.connection = await Connection.connect({ address: this.address });
    this.client = new Client({ connection: this.connection, namespace: 'default' });
    this.partners = new StackProcess('partners', ['partners'], this.env());
    await waitForPort(this.partnersPort);
    this.admin = new SimulatorAdmin(`http://127.0.0.1:${this.partnersPort}`);
    await Promise.all([this.startWorker('io'), this.startWorker('cpu')]);
    this.api = new StackProcess('api', ['api'], this.env());
    await waitForPort(this.apiPort);
  }

  async startWorker(kind: WorkerKind, extraEnv: NodeJS.ProcessEnv = {}): Promise<StackProcess> {
    this.workerCount += 1;
    const name = `worker-${kind}-${this.workerCount}`;
    const healthPort = await findFreePort();
    const worker = new StackProcess(
      name,
      ['worker', kind],
      this.env({ ORDEROPS_HEALTH_PORT: String(healthPort), ...extraEnv }),
      WORKER_SIZING[kind].heapMb,
      healthPort,
    );
    this.workers.set(name, worker);
    this.workerHistory.push(worker);
    void worker.exited.then(() => this.workers.delete(name));
    await worker.waitForLine(/"worker started"/);
    // Started is not serving: wait for the readiness a container healthcheck would wait for.
    const deadline = Date.now() + 60_000;
    while ((await worker.readiness())?.status !== 200) {
      if (Date.now() > deadline || worker.hasExited)
        throw new Error(`${name} never became ready: ${JSON.stringify(await worker.readiness())}`);
      await sleep(200);
    }
    return worker;
  }

  workersOf(kind: WorkerKind): StackProcess[] {
    return [...this.workers.values()].filter((w) => w.name.startsWith(`worker-${kind}-`));
  }

  /** kill -9: no cleanup, no goodbye to the server; its tasks come back only through timeouts. */
  async kill9(worker: StackProcess): Promise<void> {
    worker.signal('SIGKILL');
    await worker.exited;
  }

  async startTemporal(): Promise<void> {
    const executable = await resolveTemporalCli({ log });
    if (executable.type !== 'existing-path')
      throw new Error('the fault suite needs a temporal CLI on disk (npm start provisions one)');
    const args = [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(this.temporalPort),
      '--headless',
      '--db-filename',
      this.dbFile,
      '--namespace',
      'default',
      '--log-format',
      'json',
      '--log-level',
      'error',
      ...devServerExtraArgs({ persistent: true }),
    ];
    const server = spawn(executable.path, args, { stdio: ['ignore', 'ignore', 'ignore'], detached: true });
    this.temporal = server;
    // The Go binary has no parent watch: take it down with this process however the run ends.
    process.once('exit', () => signalGroup(server, 'SIGKILL'));
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        signalGroup(server, 'SIGKILL');
        process.kill(process.pid, signal);
      });
    }
    await waitForPort(this.temporalPort, 60_000);
    // The port opens before the frontend serves: wait until a call goes through.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        const probe = await Connection.connect({ address: this.address, connectTimeout: 2_000 });
        await probe.workflowService.getSystemInfo({});
        await probe.close();
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await sleep(250);
      }
    }
  }

  /** Stops the dev server the hard way (what a crash or OOM kill does) and starts it on the same file. */
  async restartTemporal(downMs: number): Promise<void> {
    await this.stopTemporal('SIGKILL');
    await sleep(downMs);
    await this.startTemporal();
  }

  async stopTemporal(signal: NodeJS.Signals): Promise<void> {
    const server = this.temporal;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    signalGroup(server, signal);
    await exited;
  }

  async stop(): Promise<void> {
    await this.api?.stop();
    await Promise.all([...this.workers.values()].map((w) => w.stop(20_000)));
    await this.partners?.stop();
    await this.connection?.close();
    await this.stopTemporal('SIGTERM');
    if (process.env.FAULTS_KEEP_DATA !== '1') fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export async function waitForPort(port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await sleep(200);
  }
  throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
}
