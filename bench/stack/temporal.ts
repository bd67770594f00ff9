import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerExtraArgs, startDevServer } from '../../src/dev/temporal/dev-server';
import { resolveTemporalCli } from '../../src/dev/temporal/temporal-cli';
import { loadTemporalSettings } from '../../src/platform/temporal-connection';
import type { Logger } from '../../src/platform/logger';
import { devServerPids } from '../measure/cpu-window';

export type PersistenceMode = 'in-memory' | 'sqlite-file' | 'external';

/** Server dynamic config under test, e.g. { 'history.transferProcessorMaxPollRPS': 1000 }. */
export type DynamicConfig = Record<string, string | number | boolean>;

export interface BenchTemporal {
  address: string;
  namespace: string;
  persistence: PersistenceMode;
  /** The SQLite pragmas the dev server was started with (sqlite-file only). */
  sqlitePragmas?: string[];
  /** The SQLite file (sqlite-file only). */
  dbFile?: string;
  /** The server process, when the benchmark launched it (for its CPU share). */
  pid?: number;
  stop(): Promise<void>;
}

/** TEMPORAL_ADDRESS set: that server, nothing launched. Otherwise an in-memory dev server without UI. */
export async function provideTemporal(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchTemporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    const settings = loadTemporalSettings();
    return { address: settings.address, namespace: settings.namespace, persistence: 'external', stop: async () => undefined };
  }
  return startInMemoryTemporal(log, dynamicConfig);
}

export async function startInMemoryTemporal(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchTemporal> {
  const before = devServerPids();
  const server = await launchDevServer(log, dynamicConfig);
  return { ...server, persistence: 'in-memory', pid: newPid(before) };
}

/** A second dev server on a SQLite file in a temporary folder, with the pragmas the product runs with. */
export async function startSqliteTemporal(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchTemporal> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-bench-'));
  const dbFile = path.join(folder, 'temporal.sqlite');
  const before = devServerPids();
  const server = await launchDevServer(log, dynamicConfig, dbFile);
  return {
    ...server,
    persistence: 'sqlite-file',
    dbFile,
    sqlitePragmas: sqlitePragmas(),
    pid: newPid(before),
    async stop() {
      await server.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * The product's dev server (startDevServer). With dynamic config under test, the same launch with
 * those values added: startDevServer takes none, and the benchmark must be able to show what a
 * server knob would change before anyone changes the product's server.
 */
async function launchDevServer(log: Logger, dynamicConfig: DynamicConfig, dbFile?: string) {
  const values = Object.entries(dynamicConfig);
  if (values.length === 0) {
    const server = await startDevServer({ log, ui: false, dbFile });
    return { address: server.address, namespace: server.namespace, stop: () => server.stop() };
  }
  const executable = await resolveTemporalCli({ log });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable.type === 'existing-path' ? { type: 'existing-path', path: executable.path } : executable,
      ip: '127.0.0.1',
      ui: false,
      dbFilename: dbFile,
      namespace: 'default',
      log: { format: 'json', level: 'error' },
      extraArgs: [
        ...devServerExtraArgs({ persistent: dbFile !== undefined }),
        ...values.flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
      ],
    },
  });
  return { address: env.address, namespace: 'default', stop: () => env.teardown() };
}

function newPid(before: number[]): number | undefined {
  return devServerPids().find((pid) => !before.includes(pid));
}

function sqlitePragmas(): string[] {
  const args = devServerExtraArgs({ persistent: true });
  return args.flatMap((arg, index) => (args[index - 1] === '--sqlite-pragma' ? [arg] : []));
}
