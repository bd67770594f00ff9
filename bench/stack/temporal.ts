import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devServerExtraArgs, startDevServer } from '../../src/platform/dev-server';
import { loadTemporalSettings } from '../../src/platform/temporal-connection';
import type { Logger } from '../../src/shared/logger';
import { devServerPids } from '../measure/cpu-window';

export type PersistenceMode = 'in-memory' | 'sqlite-file' | 'external';

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
export async function provideTemporal(log: Logger): Promise<BenchTemporal> {
  if (process.env.TEMPORAL_ADDRESS) {
    const settings = loadTemporalSettings();
    return { address: settings.address, namespace: settings.namespace, persistence: 'external', stop: async () => undefined };
  }
  const before = devServerPids();
  const server = await startDevServer({ log, ui: false });
  return { address: server.address, namespace: server.namespace, persistence: 'in-memory', pid: newPid(before), stop: () => server.stop() };
}

/** A second dev server on a SQLite file in a temporary folder, with the pragmas the product runs with. */
export async function startSqliteTemporal(log: Logger): Promise<BenchTemporal> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-bench-'));
  const before = devServerPids();
  const dbFile = path.join(folder, 'temporal.sqlite');
  const server = await startDevServer({ log, ui: false, dbFile });
  return {
    dbFile,
    pid: newPid(before),
    address: server.address,
    namespace: server.namespace,
    persistence: 'sqlite-file',
    sqlitePragmas: sqlitePragmas(),
    async stop() {
      await server.stop();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}

function newPid(before: number[]): number | undefined {
  return devServerPids().find((pid) => !before.includes(pid));
}

function sqlitePragmas(): string[] {
  const args = devServerExtraArgs({ persistent: true });
  return args.flatMap((arg, index) => (args[index - 1] === '--sqlite-pragma' ? [arg] : []));
}
