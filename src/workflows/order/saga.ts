import { CancellationScope } from '@temporalio/workflow';
import type { CompensationRecord } from '../../contracts/order-workflow';

interface Compensation {
  step: string;
  partner: string;
  /** Resolves to 'not-needed' when the partner turned out to hold nothing to undo. */
  undo: () => Promise<'done' | 'not-needed'>;
}

/**
 * The saga's undo list. Each completed step that changed something at a partner registers how to
 * undo it; on cancellation or a failure for good, the list runs in reverse order inside a
 * non-cancellable scope, so the cancellation that triggered it cannot also cut it short.
 */
export class Compensations {
  private readonly pending: Compensation[] = [];

  register(step: string, partner: string, undo: () => Promise<'done' | 'not-needed'>): void {
    this.pending.push({ step, partner, undo });
  }

  get size(): number {
    return this.pending.length;
  }

  async runAll(onEach: (record: CompensationRecord) => void): Promise<CompensationRecord[]> {
    const records: CompensationRecord[] = [];
    await CancellationScope.nonCancellable(async () => {
      for (const compensation of this.pending.splice(0).reverse()) {
        let record: CompensationRecord;
        try {
          const outcome = await compensation.undo();
          record = { step: compensation.step, partner: compensation.partner, outcome };
        } catch (err) {
          record = { step: compensation.step, partner: compensation.partner, outcome: 'failed', detail: err instanceof Error ? err.message : String(err) };
        }
        records.push(record);
        onEach(record);
      }
    });
    return records;
  }
}
