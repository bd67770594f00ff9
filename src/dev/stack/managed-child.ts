import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectRoot } from '../../platform/config';
import { readableLogLine, wantsReadableLogs, type Logger } from '../../platform/logger';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface SpawnChildOptions {
  name: string;
  /** Absolute path of a TypeScript entry file, run with tsx's loader. */
  entry: string;
  args?: string[];
  /** V8 old-space limit for this process; see the sizing notes in components.ts. */
  heapMb?: number;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Adds an IPC channel, for a child that reports readiness with `process.send`. */
  ipc?: boolean;
  /** Called when the child exits without having been asked to stop. */
  onUnexpectedExit?: (exit: ChildExit) => void;
  /** Receives every output line instead of relaying it to this process's stdout/stderr (the fault suite reads worker logs). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

// Same extension as this file: .ts when run from source, .js in a compiled build.
const PARENT_WATCH = path.join(__dirname, '..', '..', 'platform', `parent-watch${path.extname(__filename)}`);

/**
 * Node flags for a child. The watch is a CommonJS preload behind tsx's synchronous CommonJS hook:
 * worker threads inherit these flags, and an `--import`ed .ts preload fails to load in a thread
 * (tsx's ESM hooks are not in place yet there), taking the thread down with it.
 */
function nodeFlags(): string[] {
  return ['--require', require.resolve('tsx/cjs'), '--require', PARENT_WATCH, '--import', 'tsx'];
}

function heapFlag(heapMb: number | undefined): string[] {
  return heapMb ? [`--max-old-space-size=${heapMb}`] : [];
}

/**
 * ORDEROPS_CPU_PROFILE_DIR: every child writes a V8 CPU profile per thread there when it exits
 * (Node refuses --cpu-prof in NODE_OPTIONS). How the guide's I/O worker profile was taken.
 */
function cpuProfileFlags(): string[] {
  const dir = process.env.ORDEROPS_CPU_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/**
 * A stack process, run as `node <tsx + parent-watch flags> <entry>`, in its own process
 * group (`detached`) so a terminal Ctrl-C reaches only the stack, which stops children in order.
 * Its output is relayed line by line (see relayLines): log lines readable or JSON depending on
 * who watches, anything else prefixed with `[name]`.
 */
export class ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<ChildExit>;
  private stopRequested = false;
  private exitInfo: ChildExit | undefined;

  constructor(private readonly options: SpawnChildOptions) {
    this.name = options.name;
    this.process = spawn(
      process.execPath,
      [...heapFlag(options.heapMb), ...cpuProfileFlags(), ...nodeFlags(), options.entry, ...(options.args ?? [])],
      {
        cwd: projectRoot(),
        env: options.env,
        stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
        detached: true,
      },
    );
    relayLines(
      this.process.stdout,
      process.stdout,
      options.name,
      options.onLine && ((line) => options.onLine?.(line, 'stdout')),
    );
    relayLines(
      this.process.stderr,
      process.stderr,
      options.name,
      options.onLine && ((line) => options.onLine?.(line, 'stderr')),
    );
    this.exited = new Promise((resolve) => {
      this.process.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
        if (!this.stopRequested) options.onUnexpectedExit?.(this.exitInfo);
      });
      this.process.once('error', (error) => {
        options.log.error({ child: this.name, error: error.message }, 'could not start child process');
        this.exitInfo ??= { code: null, signal: null };
        resolve(this.exitInfo);
        if (!this.stopRequested) options.onUnexpectedExit?.(this.exitInfo);
      });
    });
    options.log.info({ child: this.name, pid: this.process.pid, entry: options.entry }, 'started');
  }

  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /**
   * SIGTERM to the child alone (it stops its own descendants, e.g. the dev server host stops
   * Temporal), SIGKILL to its whole process group if it is still running after `graceMs`.
   */
  async stop(graceMs: number): Promise<void> {
    this.stopRequested = true;
    if (!this.hasExited) {
      this.signal('SIGTERM', false);
      const exitedInTime = await Promise.race([this.exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!exitedInTime) {
        this.options.log.warn({ child: this.name, graceMs }, 'did not stop in time: SIGKILL');
        this.signal('SIGKILL', true);
        await this.exited;
      }
    }
    // Anything the child left behind in its group (it was the group's leader) goes with it.
    this.signal('SIGKILL', true);
  }

  /** Sends one signal to the child alone, without marking a stop as requested (the fault suite's SIGTERM and kill -9). */
  sendSignal(signal: NodeJS.Signals): void {
    this.signal(signal, false);
  }

  private signal(signal: NodeJS.Signals, wholeGroup: boolean): void {
    const pid = this.process.pid;
    if (pid === undefined) return;
    try {
      process.kill(wholeGroup ? -pid : pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

/**
 * A person watching (a terminal, or LOG_FORMAT=pretty) reads each JSON log line as one readable
 * line led by its component; a pipe or a file gets the JSON unchanged. Other output is prefixed
 * with `[name]` either way.
 */
function relayLines(
  from: NodeJS.ReadableStream | null,
  to: NodeJS.WriteStream,
  name: string,
  onLine?: (line: string) => void,
): void {
  if (!from) return;
  const readable = wantsReadableLogs(to);
  readline.createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
    if (onLine) onLine(line);
    else if (!isJsonLine(line)) to.write(`[${name}] ${line}\n`);
    else to.write(`${readable ? readableLogLine(line, to.isTTY === true) : line}\n`);
  });
}

function isJsonLine(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}
