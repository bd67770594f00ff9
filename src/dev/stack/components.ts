import path from 'node:path';
import { projectRoot } from '../../platform/config';
import { WORKER_SIZING } from '../../workers/sizing';

/** Every OrderOps process starts through this one launcher: `orderops <verb>`. */
export const CLI_ENTRY = 'src/front-doors/cli/main.ts';

/**
 * The processes `npm start` runs next to Temporal. `tier` orders them: a tier starts after the one
 * before it and stops before it, so the API stops taking orders before the workers drain, and the
 * partner simulator stays up until the workers' in-flight partner calls are done.
 */
export interface StackComponent {
  name: string;
  /** The launcher's verb and arguments, e.g. `['worker', 'io']`. */
  command: string[];
  tier: number;
  /** A port that accepts connections once the component is ready to serve. */
  readyPort?: (config: { partnersPort: number; apiPort: number; codecPort: number }) => number;
  /** Started only when this says so (default: always). */
  when?: (config: { encryption: unknown }) => boolean;
  /** Serves Prometheus metrics: `npm start` gives it an ORDEROPS_METRICS_PORT of its own. */
  metrics?: boolean;
  /** V8 heap limit (--max-old-space-size), so a leak fails one process loudly instead of starving the machine. */
  heapMb?: number;
}

export const STACK_COMPONENTS: readonly StackComponent[] = [
  { name: 'partners', command: ['partners'], tier: 1, readyPort: (c) => c.partnersPort },
  {
    name: 'codec-server',
    command: ['codec-server'],
    tier: 1,
    readyPort: (c) => c.codecPort,
    when: (c) => c.encryption !== undefined,
  },
  { name: 'worker-io', command: ['worker', 'io'], tier: 2, metrics: true, heapMb: WORKER_SIZING.io.heapMb },
  { name: 'worker-cpu', command: ['worker', 'cpu'], tier: 2, metrics: true, heapMb: WORKER_SIZING.cpu.heapMb },
  { name: 'api', command: ['api'], tier: 3, readyPort: (c) => c.apiPort, metrics: true },
];

export function absoluteEntry(file: string): string {
  return path.join(projectRoot(), file);
}
