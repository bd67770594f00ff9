import type { Logger } from './logger';

/**
 * One graceful stop per process: the first SIGINT/SIGTERM (or a call to `shutdown`) runs the
 * registered cleanups, newest first, then exits. A second signal while they run forces the exit,
 * so a hung cleanup never traps the operator.
 */
export type Cleanup = () => Promise<void> | void;

export interface ShutdownOptions {
  log?: Logger;
}

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
// One Ctrl-C can reach a process more than once within milliseconds (the terminal signals the whole
// process group, and `npm`/`tsx` may relay it again); only a signal after this window means "force".
const DUPLICATE_SIGNAL_WINDOW_MS = 1_000;

const cleanups: Cleanup[] = [];
let log: Logger | undefined;
let installed = false;
let shuttingDown: Promise<never> | undefined;
let firstSignalAt = 0;

/** Registers a cleanup to run on shutdown; the first call installs the signal handlers. */
export function onShutdown(cleanup: Cleanup, options: ShutdownOptions = {}): void {
  log ??= options.log;
  cleanups.push(cleanup);
  if (installed) return;
  installed = true;
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => handleSignal(signal));
}

/** Runs the cleanups once and exits with `exitCode` (1 if a cleanup failed). Safe to call repeatedly. */
export function shutdown(reason: string, exitCode = 0): Promise<never> {
  shuttingDown ??= runCleanups(reason, exitCode);
  return shuttingDown;
}

export function isShuttingDown(): boolean {
  return shuttingDown !== undefined;
}

function handleSignal(signal: NodeJS.Signals): void {
  if (!shuttingDown) {
    firstSignalAt = Date.now();
    void shutdown(`received ${signal}`);
    return;
  }
  if (Date.now() - firstSignalAt < DUPLICATE_SIGNAL_WINDOW_MS) return;
  report('warn', `received ${signal} again while shutting down: forcing exit`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

async function runCleanups(reason: string, exitCode: number): Promise<never> {
  report('info', `shutting down: ${reason}`);
  let code = exitCode;
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (error) {
      code = code || 1;
      report('error', `cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  report('info', 'stopped');
  process.exit(code);
}

function report(level: 'info' | 'warn' | 'error', message: string): void {
  if (log) log[level](message);
  else process.stderr.write(`${message}\n`);
}
