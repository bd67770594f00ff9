import type { WorkerCommand } from '../../src/dev/local-system/worker-process';

/** The I/O worker that also scores on its own event loop: io-worker-scoring-inline.ts, polling all three queues. */
export const IO_WORKER_SCORING_INLINE: WorkerCommand = {
  entry: 'bench/inline-scoring/io-worker-scoring-inline.ts',
  args: [],
  polls: [
    { queue: 'orders', kind: 'workflow' },
    { queue: 'partnerIo', kind: 'activity' },
    { queue: 'routeScoring', kind: 'activity' },
  ],
};
