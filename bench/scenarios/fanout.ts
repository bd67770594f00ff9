import { QUOTE_CONCURRENCY, QUOTE_DEADLINE_MS } from '../../src/workflows/order/policies';
import { loadConfig } from '../../src/platform/config';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { measureOrderLatency } from './latency-run';
import { sized, type Scenario } from './scenario';

const PARTNER_LATENCY_MS = 50;
const CONCURRENCY = 2;

export const fanoutScenario: Scenario = {
  name: 'fanout',
  title: 'fan-out latency vs ideal critical path',
  async run(context) {
    const size = sized(context.profile, {
      smoke: { warmupOrders: 1, orders: 3, sampledHistories: 2 },
      quick: { warmupOrders: 2, orders: 12, sampledHistories: 12 },
      // Every completed order's history is read: the order's cost is a median over all of them.
      full: { warmupOrders: 5, orders: 150, sampledHistories: 150 },
    });
    context.progress.setTotal(size.warmupOrders + size.orders);
    const run = await measureOrderLatency(context, {
      label: 'fanout',
      carriers: DEFAULT_CARRIERS,
      partnerLatencyMs: PARTNER_LATENCY_MS,
      concurrency: CONCURRENCY,
      ...size,
    });
    return {
      headline: `e2e p50 ${run.figures.e2eMs.p50} ms vs ideal ${run.ideal?.totalMs ?? '?'} ms: overhead ${run.overheadP50Ms} ms (${run.figures.failed} failed)`,
      settings: {
        partnerLatencyMs: PARTNER_LATENCY_MS,
        carriers: DEFAULT_CARRIERS,
        quoteConcurrency: QUOTE_CONCURRENCY,
        quoteDeadlineMs: QUOTE_DEADLINE_MS,
        ordersInFlight: CONCURRENCY,
        orders: size.orders,
        warmupOrders: size.warmupOrders,
        roadNetworkNodes: loadConfig().roadNetwork.nodeCount,
        scoringThreads: loadConfig().scoringThreads,
      },
      figures: {
        ...run.figures,
        idealCriticalPath: run.ideal,
        directScoring: run.directScoring,
        overheadP50Ms: run.overheadP50Ms,
        e2eP50OverIdeal: run.overIdealP50,
        whereTheTimeGoes: run.whereTheTimeGoes,
        costPerOrder: run.cost,
      },
      summary: {
        fanout_overhead_p50_ms: run.overheadP50Ms,
        fanout_e2e_p50_over_ideal: run.overIdealP50,
        history_events_per_order: run.cost.historyEvents,
        workflow_tasks_per_order: run.cost.workflowTasks,
        activity_tasks_per_order: run.cost.activityTasks,
      },
      summaryNotes:
        run.ideal === null
          ? {
              fanout_overhead_p50_ms: 'no completed order to take a scoring input from',
              fanout_e2e_p50_over_ideal: 'no completed order to take a scoring input from',
            }
          : {},
    };
  },
};
