import { CancellationScope } from '@temporalio/workflow';
import type { CompensationRecord } from '../../contracts/order-workflow';
import type { OrderStep } from '../../contracts/order-steps';
import { describeStepFailure } from './failures';

/** Resolves to 'not-needed' when the partner turned out to hold nothing to undo. */
export type Undo = () => Promise<'done' | 'not-needed'>;

/**
 * The saga's undo list. Each step that changed something at a partner (or may have: its answer
 * was lost) registers how to undo it; on cancellation or a failure for good, the list runs in
 * reverse order inside a non-cancellable scope, so the cancellation that triggered it cannot also
 * cut it short. Each undo runs once; a failed one is recorded with the partner's own reason.
 */
export class Saga {
  private readonly pending: { step: OrderStep; undo: Undo }[] = [];

  register(step: OrderStep, undo: Undo): void {
    this.pending.push({ step, undo });
  }

  get size(): number {
    return this.pending.length;
  }

  async compensate(): Promise<CompensationRecord[]> {
    const records: CompensationRecord[] = [];
    await CancellationScope.nonCancellable(async () => {
      for (const { step, undo } of this.pending.splice(0).reverse()) {
        try {
          records.push({ step: step.step, partner: step.partner, outcome: await undo() });
        } catch (err) {
          const failure = describeStepFailure(err, step.partner, step.step);
          records.push({
            step: step.step,
            partner: step.partner,
            outcome: 'failed',
            detail: `${failure.type}: ${failure.message}`,
          });
        }
      }
    });
    return records;
  }
}
