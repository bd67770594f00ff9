import os from 'node:os';

/**
 * How each kind of worker process is sized: the one place these numbers live. The config
 * defaults, `npm start`, the npm scripts and docker-compose.yml all take them from here (a test
 * fails when a deploy file drifts).
 */
export const WORKER_SIZING = {
  io: {
    /** A partner call holds a slot while it waits on a socket: a few KB, not a core. */
    activitySlots: 200,
    /** Workflow tasks are short bursts of deterministic code. */
    workflowSlots: 100,
    /**
     * Orders kept in memory between their tasks. A cached order costs about 1 MB of heap
     * (bench: memory scenario); an evicted one is replayed from its history on its next task.
     */
    cachedWorkflows: 500,
    /** Heap for the cache above plus the partner sockets, with room to spare. */
    heapMb: 1024,
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
