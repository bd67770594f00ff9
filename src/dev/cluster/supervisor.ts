import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../platform/logger';
import { isShuttingDown, shutdown } from '../../platform/shutdown';
import { ManagedChild, type ChildExit, type SpawnChildOptions } from '../stack/managed-child';

/**
 * One process `npm run cluster` keeps running. `tier` orders start (ascending) and stop
 * (descending); `restart` says what happens when it exits on its own.
 */
export interface ProcessSpec {
  name: string;
  tier: number;
  stopGraceMs: number;
  spawn: Omit<SpawnChildOptions, 'name' | 'log' | 'onUnexpectedExit'>;
  /** For a native program run through process-host.ts: the file holding the program's own pid. */
  pidFile?: string;
}

// Restarted like an orchestrator would restart a crashed container, but a process that keeps
// dying is a broken setup, not bad luck: then everything stops, and the exit code says so.
const RESTART_DELAY_MS = 1_000;
const RESTART_WINDOW_MS = 60_000;
const MAX_RESTARTS_IN_WINDOW = 3;

interface Running {
  spec: ProcessSpec;
  child: ManagedChild;
  restarts: number[];
}

/** The cluster's processes: started tier by tier, restarted when they crash, stopped in reverse. */
export class ClusterSupervisor {
  private readonly running = new Map<string, Running>();
  private stopping = false;

  constructor(
    private readonly log: Logger,
    private readonly onChange: () => void = () => undefined,
  ) {}

  start(spec: ProcessSpec): ManagedChild {
    const previous = this.running.get(spec.name);
    const child = new ManagedChild({
      ...spec.spawn,
      name: spec.name,
      log: this.log,
      onUnexpectedExit: (exit) => void this.crashed(spec.name, exit),
    });
    this.running.set(spec.name, { spec, child, restarts: previous?.restarts ?? [] });
    this.onChange();
    return child;
  }

  child(name: string): ManagedChild | undefined {
    return this.running.get(name)?.child;
  }

  /** name -> { pid of the managed process, pid file of the native program it hosts }. */
  processes(): Record<string, { pid: number | undefined; pidFile?: string; tier: number }> {
    return Object.fromEntries(
      [...this.running.values()].map(({ spec, child }) => [
        spec.name,
        { pid: child.process.pid, tier: spec.tier, ...(spec.pidFile ? { pidFile: spec.pidFile } : {}) },
      ]),
    );
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    const tiers = [...new Set([...this.running.values()].map((r) => r.spec.tier))].sort((a, b) => b - a);
    for (const tier of tiers) {
      const inTier = [...this.running.values()].filter((r) => r.spec.tier === tier);
      await Promise.all(inTier.map(({ spec, child }) => child.stop(spec.stopGraceMs)));
    }
  }

  private async crashed(name: string, exit: ChildExit): Promise<void> {
    if (this.stopping || isShuttingDown()) return;
    const entry = this.running.get(name);
    if (!entry) return;
    const now = Date.now();
    entry.restarts = [...entry.restarts.filter((at) => now - at < RESTART_WINDOW_MS), now];
    if (entry.restarts.length > MAX_RESTARTS_IN_WINDOW) {
      this.log.error(
        { child: name, exitCode: exit.code, signal: exit.signal },
        `${name} keeps exiting: stopping the cluster`,
      );
      void shutdown(`${name} keeps exiting`, 1);
      return;
    }
    this.log.warn(
      { child: name, exitCode: exit.code, signal: exit.signal, restartInMs: RESTART_DELAY_MS },
      `${name} exited unexpectedly: restarting it`,
    );
    await sleep(RESTART_DELAY_MS);
    if (this.stopping || isShuttingDown()) return;
    const restarted = this.start(entry.spec);
    this.log.info({ child: name, pid: restarted.process.pid }, `${name} restarted`);
  }
}

/** process-host.ts, beside this file (.ts from source, .js in a build). */
export const PROCESS_HOST_ENTRY = path.join(__dirname, `process-host${path.extname(__filename)}`);
