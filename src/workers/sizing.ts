import os from 'node:os';

/**
 * How each kind of worker process is sized: the one place these numbers live. The config
 * defaults, `npm start`, the npm scripts and docker-compose.yml all take them from here (a test
 * fails when a deploy file drifts).
 */
const IO_HEAP_MB = 256;
const IO_CACHE_SHARE_OF_HEAP = 0.25;
/** Measured (bench memory, 2026-11-25): 940 KB per cached order, rounded up. */
// A quarter: the workflow isolate also holds the bundle, its context and each activation's garbage.
const CACHED_WORKFLOW_MB = 1;

export const WORKER_SIZING = {
  io: {
    /** A partner call holds a slot while it waits on a socket: a few KB, not a core. */
    activitySlots: 200,
    /** Workflow tasks are short bursts of deterministic code. */
    workflowSlots: 100,
    /**
     * Orders kept in memory between their tasks, sized from the heap: a cached order costs about
     * 1 MB in the workflow thread's isolate (bench: memory), and the cache may take a quarter of
     * that isolate's heap, so a full cache never drives it into constant garbage collection. An
     * evicted order is replayed from its history on its next task; at 20 orders/s about 20 are in
     * flight, so the cache holds every busy order and only long waiters (a slow partner) are evicted.
     */
    cachedWorkflows: Math.floor((IO_HEAP_MB * IO_CACHE_SHARE_OF_HEAP) / CACHED_WORKFLOW_MB),
    /**
     * Each isolate's limit: V8's flag is per process, so the workflow thread gets it too, and under
     * churn (evictions, replays) that isolate grows towards it before collecting hard, so the limit,
     * more than the cache, sets RSS. 256 MB held 1,000 placed orders at 565-600 MB RSS where 512 MB
     * reached 690-755 MB (docs/concurrency-model.md, Memory). The main thread needs ~75 MB plus
     * ~40 KB per waiting partner call.
     */
    heapMb: IO_HEAP_MB,
    /** In-flight partner calls finish (their startToClose is at most 10 s) before a stop cancels them. */
    shutdownGraceSeconds: 15,
  },
  cpu: {
    /** Scoring is pure CPU: more threads than cores only adds switching. Slots = threads. */
    threads: Math.max(1, os.availableParallelism()),
    /** The main thread only relays inputs and heartbeats. */
    heapMb: 384,
    /** Each pool thread caches its road networks (about 16 MB per 200k-node network). */
    threadHeapMb: 256,
    /** A scoring normally ends well inside this; one that doesn't is aborted and retried elsewhere. */
    shutdownGraceSeconds: 10,
  },
} as const;
