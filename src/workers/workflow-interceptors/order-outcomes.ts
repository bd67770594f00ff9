// Bundled into the workflow sandbox (workflow-bundle.ts): deterministic code, @temporalio/workflow only.
import { proxySinks, workflowInfo, type Sinks, type WorkflowInterceptors } from '@temporalio/workflow';

export type OrderOutcome = 'COMPLETED' | 'CANCELLED' | 'REJECTED' | 'FAILED';

export interface OrderOutcomeEvent {
  outcome: OrderOutcome;
  /** The outcome of each compensation the order ran ('done', 'not-needed', 'failed'). */
  compensations: string[];
}

export interface OrderMetricsSinks extends Sinks {
  orderMetrics: { finished(event: OrderOutcomeEvent): void };
}

const PROCESS_ORDER = 'processOrder';

/**
 * Tells the worker how each order ended, through a sink the worker calls once per real completion
 * (never during replay), so `orderops_orders_total` counts orders, not replays. Lives outside the
 * workflow code so the business process stays free of metrics plumbing.
 */
export const interceptors = (): WorkflowInterceptors => ({
  inbound: [
    {
      async execute(input, next) {
        if (workflowInfo().workflowType !== PROCESS_ORDER) return next(input);
        const { orderMetrics } = proxySinks<OrderMetricsSinks>();
        try {
          const result = (await next(input)) as { status?: string; compensations?: { outcome: string }[] } | undefined;
          orderMetrics.finished({
            outcome: result?.status === 'CANCELLED' ? 'CANCELLED' : 'COMPLETED',
            compensations: outcomes(result?.compensations),
          });
          return result;
        } catch (err) {
          orderMetrics.finished(failureEvent(err));
          throw err;
        }
      },
    },
  ],
});

function failureEvent(err: unknown): OrderOutcomeEvent {
  const failure = err as { name?: string; details?: unknown[] };
  if (failure.name === 'CancelledFailure') return { outcome: 'CANCELLED', compensations: [] };
  if (failure.name !== 'ApplicationFailure') return { outcome: 'FAILED', compensations: [] };
  const view = failure.details?.[0] as { compensations?: { outcome: string }[] } | undefined;
  return { outcome: 'REJECTED', compensations: outcomes(view?.compensations) };
}

function outcomes(records: { outcome: string }[] | undefined): string[] {
  return Array.isArray(records) ? records.map((record) => String(record.outcome)) : [];
}
