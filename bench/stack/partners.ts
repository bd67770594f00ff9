import { startPartnerSimulator, type PartnerSimulator } from '../../src/dev/partner-simulator';
import type { FaultRule } from '../../src/dev/partner-simulator';
import type { Logger } from '../../src/platform/logger';

export const DEFAULT_CARRIERS = 12;

/**
 * The partner simulator, in the benchmark's process. The carrier count is fixed when it starts, so
 * asking for another count restarts it; every scenario starts from the seed state.
 */
export class BenchPartners {
  private simulator: PartnerSimulator | undefined;

  constructor(private readonly log: Logger) {}

  async ready(carrierCount = DEFAULT_CARRIERS): Promise<PartnerSimulator> {
    if (this.simulator && this.simulator.info.carriers.length !== carrierCount) await this.close();
    this.simulator ??= await startPartnerSimulator({ port: 0, carrierCount, logger: this.log });
    await this.simulator.admin.reset();
    return this.simulator;
  }

  /** Every partner answers after `latencyMs`; `extra` rules override single targets. */
  async setLatency(latencyMs: number, extra: FaultRule[] = []): Promise<void> {
    const overridden = new Set(extra.map((rule) => rule.target));
    const base = (['inventory', 'payments', 'fraud', 'carriers'] as const)
      .filter((target) => !overridden.has(target))
      .map((target) => ({ target, latency: latencyMs }));
    await this.current().admin.setFaults({ rules: [...base, ...extra] });
  }

  current(): PartnerSimulator {
    if (!this.simulator) throw new Error('the partner simulator is not running');
    return this.simulator;
  }

  async close(): Promise<void> {
    await this.simulator?.close();
    this.simulator = undefined;
  }
}
