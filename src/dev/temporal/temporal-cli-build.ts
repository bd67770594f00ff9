import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { acquireFileLock } from '../../platform/file-lock';

export const TEMPORAL_CLI_VERSION = 'v1.5.1';
// Pinned: the project is tested against its server (1.29.1), and later tags do not build with a plain `go install`.
const TEMPORAL_CLI_MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;
const PROGRESS_EVERY_MS = 15_000;
const OUTPUT_TAIL_LINES = 40;

export interface GoBuildOptions {
  goPath: string;
  /** Where the finished binary must end up; the folder is created if missing. */
  targetPath: string;
  env: NodeJS.ProcessEnv;
  /** Human-facing progress lines: a build takes minutes and silence looks like a hang. */
  progress: (line: string) => void;
}

/**
 * `go install` into a scratch folder next to the target, then an atomic rename: a build killed
 * half-way leaves only a scratch folder (removed by the next build), never a half-written binary
 * at the path every later run trusts. A lock makes concurrent callers wait for one build.
 */
export async function buildTemporalCliWithGo(options: GoBuildOptions): Promise<string> {
  const { targetPath, progress } = options;
  const targetDir = path.dirname(targetPath);
  fs.mkdirSync(targetDir, { recursive: true });

  let lastWaitReport = -PROGRESS_EVERY_MS;
  const lock = await acquireFileLock(`${targetPath}.lock`, {
    onWait: (holderPid, waitedMs) => {
      if (waitedMs - lastWaitReport < PROGRESS_EVERY_MS) return;
      lastWaitReport = waitedMs;
      progress(`another process (pid ${holderPid ?? '?'}) is building the Temporal CLI, waiting… ${Math.round(waitedMs / 1000)} s`);
    },
  });
  try {
    if (fs.existsSync(targetPath)) return targetPath;
    removeAbandonedScratchDirs(targetDir);
    const scratchDir = fs.mkdtempSync(path.join(targetDir, '.build-'));
    try {
      progress(`building the Temporal CLI ${TEMPORAL_CLI_VERSION} with Go, first time takes a few minutes… (into ${targetDir})`);
      await runGoInstall(options, scratchDir);
      fs.renameSync(path.join(scratchDir, executableName('temporal')), targetPath);
      progress(`built the Temporal CLI: ${targetPath}`);
      return targetPath;
    } finally {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
  } finally {
    lock.release();
  }
}

function runGoInstall(options: GoBuildOptions, gobin: string): Promise<void> {
  const startedAt = Date.now();
  const outputTail: string[] = [];
  return new Promise((resolve, reject) => {
    const child = spawn(options.goPath, ['install', TEMPORAL_CLI_MODULE], {
      env: { ...options.env, GOBIN: gobin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keepTail = (chunk: Buffer): void => {
      outputTail.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      outputTail.splice(0, Math.max(0, outputTail.length - OUTPUT_TAIL_LINES));
    };
    child.stdout.on('data', keepTail);
    child.stderr.on('data', keepTail);
    const ticker = setInterval(() => {
      options.progress(`still building the Temporal CLI… ${Math.round((Date.now() - startedAt) / 1000)} s`);
    }, PROGRESS_EVERY_MS);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new Error(`could not run ${options.goPath}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(ticker);
      if (code === 0) return resolve();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`go install ${TEMPORAL_CLI_MODULE} ${how}:\n${outputTail.join('\n')}`));
    });
  });
}

/** Only called while holding the lock, so every scratch folder left is from a build that died. */
function removeAbandonedScratchDirs(targetDir: string): void {
  for (const entry of fs.readdirSync(targetDir)) {
    if (entry.startsWith('.build-')) fs.rmSync(path.join(targetDir, entry), { recursive: true, force: true });
  }
}

export function executableName(base: string): string {
  return process.platform === 'win32' ? `${base}.exe` : base;
}
