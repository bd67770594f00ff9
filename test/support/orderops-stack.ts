import type { PartnerSimulator } from '../../src/dev/partner-simulator';
import { startLocalSystem, type LocalSystem } from '../../src/dev/local-system/local-system';

export type TestStack = Omit<LocalSystem, 'simulator'> & { simulator: PartnerSimulator };

/**
 * The real system, in-process, against the run's one dev server: a partner simulator on a free
 * loopback port, the I/O workers and the CPU worker (real worker threads), and a partner store of
 * its own. Each test file gets task queues of its own, so files running side by side never take
 * each other's tasks.
 */
export async function startTestStack(
  options: { carrierCount?: number; scoringThreads?: number; inProcessIoWorkers?: boolean; storePath?: string } = {},
): Promise<TestStack> {
  const system = await startLocalSystem({
    label: 'test',
    temporal: 'existing',
    partners: { carrierCount: options.carrierCount },
    io: options.inProcessIoWorkers === false ? false : {},
    scoringThreads: options.scoringThreads,
    storePath: options.storePath,
  });
  const { simulator } = system;
  if (!simulator) throw new Error('the test stack always starts its own partner simulator');
  return Object.assign(system, { simulator });
}

export { sampleOrder } from '../../src/domain/sample-order';
