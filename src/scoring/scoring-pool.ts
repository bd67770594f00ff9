import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { createLogger } from '../platform/logger';
import { isAbortError } from './abort-error';
import type { RouteScoringInput, RouteScoringResult } from './route-scorer';
import { rebuildScoringError } from './scoring-errors';
import type { ScoringProgressMessage, ScoringTask, ScoringTaskOutcome } from './scoring-thread';
import { WORKER_SIZING } from '../workers/sizing';
import { scoringThreadLaunch } from './thread-launch';

export interface ScoringPoolOptions {
  /** Defaults to one thread per core (workers/sizing.ts). */
  threads?: number;
  /** Tasks allowed to wait for a busy thread; 0 by default (see start()). */
  maxQueue?: number;
  /** A thread that fails while idle has no task to reject; defaults to logging the error. */
  onThreadError?: (error: Error) => void;
}

/** Every thread is busy and the wait allowance is used up: more callers than the pool was sized for. */
export class ScoringPoolBusyError extends Error {
  override readonly name = 'ScoringPoolBusyError';
}

export type ScoringProgress = ScoringProgressMessage;

export interface ScoreOptions {
  /** Aborting terminates the thread running the task; the pool starts a fresh one in its place. */
  signal?: AbortSignal;
  /** Called on the caller's thread after each candidate, e.g. to heartbeat with progress details. */
  onProgress?: (progress: ScoringProgress) => void;
}

export interface ScoringPoolStats {
  threads: number;
  running: number;
  completed: number;
  failed: number;
  aborted: number;
  /** Calls turned away with ScoringPoolBusyError. */
  refused: number;
  /** Share of the pool's lifetime its threads spent running tasks (piscina's measure), 0..1. */
  utilization: number;
}

/** Route scoring on a pool of warm worker threads, so the caller's event loop stays free. */
export class ScoringPool {
  private running = 0;
  private completed = 0;
  private failed = 0;
  private aborted = 0;
  private refused = 0;

  private constructor(
    private readonly piscina: Piscina<ScoringTask, ScoringTaskOutcome>,
    private readonly threads: number,
    private readonly maxQueue: number,
  ) {}

  /**
   * No hidden in-process queue by default: the CPU worker offers exactly as many activity slots as
   * there are threads, so waiting work stays in Temporal's task queue, visible and free to go to
   * any CPU worker, instead of piling up here behind busy threads. A task that finds every thread
   * busy is refused with ScoringPoolBusyError, which means the slots outnumber the threads.
   */
  static start(options: ScoringPoolOptions = {}): ScoringPool {
    const threads = options.threads ?? WORKER_SIZING.cpu.threads;
    const maxQueue = options.maxQueue ?? 0;
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`threads must be a positive integer, got ${threads}`);
    if (!Number.isInteger(maxQueue) || maxQueue < 0)
      throw new RangeError(`maxQueue must be an integer >= 0, got ${maxQueue}`);
    const launch = scoringThreadLaunch();
    const piscina = new Piscina<ScoringTask, ScoringTaskOutcome>({
      filename: launch.filename,
      execArgv: launch.execArgv,
      // A runaway input fails its thread, not the whole worker.
      resourceLimits: { maxOldGenerationSizeMb: WORKER_SIZING.cpu.threadHeapMb },
      // Warm threads for the life of the pool: each keeps its generated networks cached.
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      // The limit is enforced in score(), not by piscina: piscina 5.3.2 rejects a task over its
      // maxQueue yet leaves it queued, so it still runs later, unseen. The headroom here only
      // covers the moment an aborted thread is being replaced.
      maxQueue: maxQueue + threads,
    });
    // Without a listener, an idle thread's failure would be an unhandled 'error' event and end the process.
    piscina.on('error', options.onThreadError ?? logThreadError);
    return new ScoringPool(piscina, threads, maxQueue);
  }

  get size(): number {
    return this.threads;
  }

  /** Ids of the live threads: an aborted task's thread is replaced by one with a new id. */
  get threadIds(): number[] {
    return this.piscina.threads.map((thread) => thread.threadId);
  }

  get stats(): ScoringPoolStats {
    return {
      threads: this.threads,
      running: this.running,
      completed: this.completed,
      failed: this.failed,
      aborted: this.aborted,
      refused: this.refused,
      utilization: this.piscina.utilization,
    };
  }

  async score(input: RouteScoringInput, options: ScoreOptions = {}): Promise<RouteScoringResult> {
    if (this.running >= this.threads + this.maxQueue) {
      this.refused++;
      throw new ScoringPoolBusyError(
        `all ${this.threads} scoring threads are busy and ${this.maxQueue} may wait; give the worker no more activity slots than threads`,
      );
    }
    const progress = options.onProgress === undefined ? undefined : new ProgressChannel(options.onProgress);
    const task: ScoringTask = { input, progressPort: progress?.threadPort };
    this.running++;
    try {
      const outcome = await this.piscina.run(task, {
        transferList: progress === undefined ? [] : [progress.threadPort],
        signal: options.signal ?? null,
      });
      if (!outcome.ok) throw rebuildScoringError(outcome.error);
      progress?.finish(input.candidates.length);
      this.completed++;
      return outcome.result;
    } catch (error) {
      if (isAbortError(error)) this.aborted++;
      else this.failed++;
      throw error;
    } finally {
      this.running--;
      progress?.close();
    }
  }

  /** Waits for running tasks, then stops the threads. */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}

function logThreadError(error: Error): void {
  createLogger('scoring-pool').error({ err: error }, 'a scoring thread failed while idle; piscina replaces it');
}

/**
 * Carries progress from the thread over a port of its own. Progress and the result travel on
 * different ports, so their arrival order is not guaranteed: a late message is dropped and the
 * final count is reported when the result arrives.
 */
class ProgressChannel {
  private readonly channel = new MessageChannel();
  private lastDone = 0;
  private open = true;

  constructor(private readonly onProgress: (progress: ScoringProgress) => void) {
    this.channel.port1.on('message', (message: ScoringProgressMessage) => this.report(message));
  }

  get threadPort(): MessagePort {
    return this.channel.port2;
  }

  finish(total: number): void {
    this.report({ done: total, total });
  }

  close(): void {
    this.open = false;
    this.channel.port1.close();
  }

  private report(message: ScoringProgressMessage): void {
    if (!this.open || message.done <= this.lastDone) return;
    this.lastDone = message.done;
    this.onProgress(message);
  }
}
