import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../platform/logger';
import { executableName, goInstallCached, isExecutable, type GoProgram } from '../go-install';

// Pinned: the project is tested against its server (1.29.1), and later tags do not build with a plain `go install`.
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/**
 * Where the `temporal` executable for the dev server comes from. `existing-path` and
 * `cached-download` are the two executable kinds @temporalio/testing accepts; the latter makes the
 * SDK download the CLI itself (needs internet access to temporal.download).
 */
export type TemporalCliExecutable =
  | { type: 'existing-path'; path: string; source: 'env' | 'path' | 'cache' | 'go-build' }
  | { type: 'cached-download'; downloadDir: string };

export interface ResolveTemporalCliOptions {
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Plain lines for a human waiting on a build; defaults to stderr. */
  progress?: (line: string) => void;
  /** false: never start a Go build (the SDK download is the last resort instead). */
  allowGoBuild?: boolean;
}

/**
 * Order: ORDEROPS_TEMPORAL_CLI → `temporal` on PATH → the project cache → a Go build into the
 * cache → the SDK's own download. The cache lives outside the repository so a clean clone, a
 * second worktree and CI all reuse one 250 MB binary.
 */
export async function resolveTemporalCli(options: ResolveTemporalCliOptions): Promise<TemporalCliExecutable> {
  const env = options.env ?? process.env;
  const { log } = options;
  const progress = options.progress ?? ((line: string) => process.stderr.write(`${line}\n`));

  const explicit = env.ORDEROPS_TEMPORAL_CLI;
  if (explicit) {
    // An explicit setting that is wrong is an error, not something to silently route around.
    if (!isExecutable(explicit)) throw new Error(`ORDEROPS_TEMPORAL_CLI=${explicit} is not an executable file`);
    return found({ type: 'existing-path', path: path.resolve(explicit), source: 'env' }, log);
  }

  const onPath = findOnPath('temporal', env);
  if (onPath) return found({ type: 'existing-path', path: onPath, source: 'path' }, log);

  const cached = cachedTemporalCliPath(env);
  if (isExecutable(cached)) return found({ type: 'existing-path', path: cached, source: 'cache' }, log);

  const go = options.allowGoBuild === false ? undefined : findOnPath('go', env);
  if (go) {
    const built = await goInstallCached(temporalCliProgram(cached), { goPath: go, env, progress });
    return found({ type: 'existing-path', path: built, source: 'go-build' }, log);
  }

  const downloadDir = path.join(orderopsCacheDir(env), 'temporal-cli', 'sdk-download');
  fs.mkdirSync(downloadDir, { recursive: true });
  log.warn({ downloadDir }, 'no temporal CLI found and no Go toolchain: the Temporal SDK will download the CLI');
  return { type: 'cached-download', downloadDir };
}

/** `$ORDEROPS_CACHE_DIR`, else `$XDG_CACHE_HOME/orderops`, else `~/.cache/orderops`. */
export function orderopsCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ORDEROPS_CACHE_DIR) return path.resolve(env.ORDEROPS_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.resolve(env.XDG_CACHE_HOME, 'orderops');
  return path.join(env.HOME ?? os.homedir(), '.cache', 'orderops');
}

export function cachedTemporalCliPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(orderopsCacheDir(env), 'temporal-cli', TEMPORAL_CLI_VERSION, executableName('temporal'));
}

export function findOnPath(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, executableName(command));
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function temporalCliProgram(targetPath: string): GoProgram {
  return {
    label: `the Temporal CLI ${TEMPORAL_CLI_VERSION}`,
    module: `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`,
    builtName: 'temporal',
    targetPath,
    buildTime: 'a few minutes',
  };
}

function found(executable: TemporalCliExecutable & { type: 'existing-path' }, log: Logger): TemporalCliExecutable {
  log.debug({ path: executable.path, source: executable.source }, 'using temporal CLI');
  return executable;
}
