import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { provideTemporal as provideLocalTemporal, type LocalTemporal } from '../../src/dev/local-system/temporal';
import { devServerExtraArgs, type DynamicConfig } from '../../src/dev/temporal/dev-server';
import type { Logger } from '../../src/platform/logger';
import { devServerPids } from '../measure/cpu-window';

export type { DynamicConfig } from '../../src/dev/temporal/dev-server';

export type PersistenceMode = 'in-memory' | 'sqlite-file' | 'external';

export interface BenchTemporal extends LocalTemporal {
  persistence: PersistenceMode;
  /** The SQLite pragmas the dev server was started with (sqlite-file only). */
  sqlitePragmas?: string[];
  /** The SQLite file (sqlite-file only). */
  dbFile?: string;
  /** The server process, when the benchmark launched it (for its CPU share). */
  pid?: number;
}

/** TEMPORAL_ADDRESS set: that server, nothing launched. Otherwise an in-memory dev server without UI. */
export async function provideTemporal(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchTemporal> {
  if (process.env.TEMPORAL_ADDRESS)
    return { ...(await provideLocalTemporal({ temporal: 'existing', log })), persistence: 'external' };
  return startInMemoryTemporal(log, dynamicConfig);
}

export async function startInMemoryTemporal(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchTemporal> {
  const before = devServerPids();
  const server = await provideLocalTemporal({ temporal: 'dev-server', log, dynamicConfig });
  return { ...server, persistence: 'in-memory', pid: newPid(before) };
}

/** A second dev server on a SQLite file in a temporary folder, with the pragmas the product runs with. */
export async function startSqliteTemporal(log: Logger, dynamicConfig: DynamicConfig = {}): Promise<BenchTemporal> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'orderops-bench-'));
  const dbFile = path.join(folder, 'temporal.sqlite');
  const before = devServerPids();
  const server = await provideLocalTemporal({ temporal: 'dev-server', log, dynamicConfig, dbFile });
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

function newPid(before: number[]): number | undefined {
  return devServerPids().find((pid) => !before.includes(pid));
}

function sqlitePragmas(): string[] {
  const args = devServerExtraArgs({ persistent: true });
  return args.flatMap((arg, index) => (args[index - 1] === '--sqlite-pragma' ? [arg] : []));
}
