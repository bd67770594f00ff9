import path from 'node:path';
import { projectRoot } from '../shared/config';

/**
 * The processes `npm start` runs next to Temporal. `tier` orders them: a tier starts after the one
 * before it and stops before it, so the API stops taking orders before the workers drain, and the
 * partner simulator stays up until the workers' in-flight partner calls are done.
 */
export interface StackComponent {
  name: string;
  /** Entry file, relative to the project root. */
  file: string;
  tier: number;
  /** A port that accepts connections once the component is ready to serve. */
  readyPort?: (config: { partnersPort: number; apiPort: number }) => number;
  /** V8 heap limit (--max-old-space-size), so a leak fails one process loudly instead of starving the machine. */
  heapMb?: number;
}

export const STACK_COMPONENTS: readonly StackComponent[] = [
  { name: 'partners', file: 'src/partners/simulator/main.ts', tier: 1, readyPort: (c) => c.partnersPort },
  // Holds the sticky cache of running orders: about 1 MB each with the default cache of 2,000
  // (bench: memory scenario), so 2 GB covers a full cache plus the partner sockets.
  { name: 'worker-io', file: 'src/workers/io-worker.ts', tier: 2, heapMb: 2048 },
  // The main thread only relays inputs and heartbeats; each pool thread has its own heap, sized by
  // the road networks it caches (about 16 MB per 200k-node network).
  { name: 'worker-cpu', file: 'src/workers/cpu-worker.ts', tier: 2, heapMb: 384 },
  { name: 'api', file: 'src/api/main.ts', tier: 3, readyPort: (c) => c.apiPort },
];

export const CLI_ENTRY = 'src/cli/main.ts';

export function absoluteEntry(file: string): string {
  return path.join(projectRoot(), file);
}
