import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { acquireFileLock } from '../platform/file-lock';

const PROGRESS_EVERY_MS = 15_000;
const OUTPUT_TAIL_LINES = 40;

/** One Go program the dev harness needs (the Temporal CLI, the cluster's binaries), built once per machine into the OrderOps cache. */
export interface GoProgram {
  /** Human name for progress lines. */
  label: string;
  /** `module/path/cmd/x@version`, as `go install` takes it. */
  module: string;
  /** The name `go install` gives the binary (the last path element of the package). */
  builtName: string;
  /** Where the binary must end up (one folder per program and version). */
  targetPath: string;
  /** How long a first build takes, for the progress line ("a few minutes"). */
  buildTime: string;
}

export interface GoInstallOptions {
  goPath: string;
  env: NodeJS.ProcessEnv;
  /** Human-facing progress lines: a build takes minutes and silence looks like a hang. */
  progress: (line: string) => void;
}

/**
 * `go install -trimpath -ldflags='-s -w'` with its own GOBIN (the server and the UI server are
 * both called `server`), then an atomic rename: a build killed half-way leaves only a scratch
 * folder (removed by the next build), never a half-written binary at the path later runs trust.
 * A lock file makes a second caller wait for the first build instead of starting its own.
 */
export async function goInstallCached(program: GoProgram, options: GoInstallOptions): Promise<string> {
  const { targetPath } = program;
  if (isExecutable(targetPath)) return targetPath;
  const targetDir = path.dirname(targetPath);
  fs.mkdirSync(targetDir, { recursive: true });

  let lastWaitReport = -PROGRESS_EVERY_MS;
  const lock = await acquireFileLock(`${targetPath}.lock`, {
    onWait: (holderPid, waitedMs) => {
      if (waitedMs - lastWaitReport < PROGRESS_EVERY_MS) return;
      lastWaitReport = waitedMs;
      options.progress(
        `another process (pid ${holderPid ?? '?'}) is building ${program.label}, waiting… ${Math.round(waitedMs / 1000)} s`,
      );
    },
  });
  try {
    if (isExecutable(targetPath)) return targetPath;
    removeAbandonedScratchDirs(targetDir);
    const scratchDir = fs.mkdtempSync(path.join(targetDir, '.build-'));
    try {
      const startedAt = Date.now();
      options.progress(
        `building ${program.label} with Go, first time takes ${program.buildTime} (later starts reuse ${targetDir})…`,
      );
      await runGoInstall(program, options, scratchDir);
      fs.renameSync(path.join(scratchDir, executableName(program.builtName)), targetPath);
      options.progress(`built ${program.label} in ${Math.round((Date.now() - startedAt) / 1000)} s: ${targetPath}`);
      return targetPath;
    } finally {
      fs.rmSync(scratchDir, { recursive: true, force: true });
    }
  } finally {
    lock.release();
  }
}

function runGoInstall(program: GoProgram, options: GoInstallOptions, gobin: string): Promise<void> {
  const startedAt = Date.now();
  const outputTail: string[] = [];
  const args = ['install', '-trimpath', '-ldflags=-s -w', program.module];
  return new Promise((resolve, reject) => {
    const child = spawn(options.goPath, args, {
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
      options.progress(`still building ${program.label}… ${Math.round((Date.now() - startedAt) / 1000)} s`);
    }, PROGRESS_EVERY_MS);
    child.on('error', (error) => {
      clearInterval(ticker);
      reject(new Error(`could not run ${options.goPath}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearInterval(ticker);
      if (code === 0) return resolve();
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`go install ${program.module} ${how}:\n${outputTail.join('\n')}`));
    });
  });
}

/** Only called while holding the lock, so every scratch folder left is from a build that died. */
function removeAbandonedScratchDirs(targetDir: string): void {
  for (const entry of fs.readdirSync(targetDir)) {
    if (entry.startsWith('.build-')) fs.rmSync(path.join(targetDir, entry), { recursive: true, force: true });
  }
}

export function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function executableName(base: string): string {
  return process.platform === 'win32' ? `${base}.exe` : base;
}
