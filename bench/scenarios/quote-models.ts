import { QUOTE_MODELS, type QuoteModel } from '../../src/contracts/order-workflow';
import { QUOTE_CONCURRENCY, QUOTE_DEADLINE_MS, QUOTE_PER_CARRIER_MS } from '../../src/workflows/order/policies';
import { OrderFactory } from '../load/orders';
import { runClosedLoop, runOrder, type OrderOutcome } from '../load/order-runs';
import { startStackCpuWindow, type CpuShares } from '../measure/cpu-window';
import { workflowRuns, type WorkflowRun } from '../measure/histories';
import { orderCost, type OrderCost } from '../measure/order-cost';
import { outcomeFigures, type OutcomeFigures } from '../measure/outcomes';
import { round } from '../measure/stats';
import type { ScenarioWorkers } from '../stack/bench-stack';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { sized, type Scenario } from './scenario';

const PARTNER_LATENCY_MS = 50;
/** Light load for latency, as in `fanout`. */
const LATENCY_IN_FLIGHT = 2;

interface Size {
  /** Latency is measured in rounds that alternate the models, so each sees the same machine. */
  rounds: number;
  ordersPerRound: number;
  /** Then each model at a higher closed-loop concurrency: orders per second. */
  throughputOrders: number;
  throughputInFlight: number;
}

interface ModelFigures {
  latency: OutcomeFigures;
  throughput: OutcomeFigures & { inFlight: number; ordersPerSec: number | null; cpuPercentOfOneCore: CpuShares };
  cost: OrderCost;
  operatorView: OperatorView;
}

/** What an operator finds per carrier in the Web UI for one order of this model. */
interface OperatorView {
  /** Rows in the order's event history whose summary names one carrier (activities or local-activity markers). */
  perCarrierRowsInHistory: number;
  /** Carriers listed with their outcome in the result and the `status` query (`quotes.carriers`). */
  perCarrierOutcomesInResult: number;
  exampleSummaries: string[];
  where: string;
}

const WHERE: Record<QuoteModel, string> = {
  'one-activity':
    "one activity row, \"carriers: quote every carrier\"; each carrier's outcome (quoted, refused, timed-out, cancelled, never-asked, with the partner's reason) in that activity's result, the status query and the order result; its heartbeat shows progress while it runs",
  'activity-per-carrier':
    'one activity row per carrier ("carriers: quote <id>"), each with its own state, attempts, last failure and timing; pending carriers listed among pending activities',
  'local-activity-per-carrier':
    'one marker per carrier in the history (a local activity has no pending-activity row, no heartbeat and no retry state visible while it runs); outcomes also in the status query and result',
};

/**
 * The carrier quotes three ways on the same workers and partners (docs/concurrency-model.md):
 * one activity that fans out with async I/O inside the I/O worker (the default), one activity per
 * carrier, and one local activity per carrier on the orders worker. Compares latency, orders per
 * second, what each order costs the server (read from its history), and what an operator sees.
 */
export const quoteModelsScenario: Scenario = {
  name: 'quote-models',
  title: 'carrier quotes: one activity vs one per carrier vs local activities',
  async run(context) {
    const size: Size = sized(context.profile, {
      smoke: { rounds: 1, ordersPerRound: 2, throughputOrders: 4, throughputInFlight: 2 },
      quick: { rounds: 2, ordersPerRound: 3, throughputOrders: 12, throughputInFlight: 6 },
      full: { rounds: 5, ordersPerRound: 10, throughputOrders: 60, throughputInFlight: 12 },
    });
    const { stack, progress } = context;
    progress.setTotal(QUOTE_MODELS.length * (1 + size.rounds * size.ordersPerRound + size.throughputOrders));
    await stack.partners.ready(DEFAULT_CARRIERS);
    await stack.partners.setLatency(PARTNER_LATENCY_MS);
    const workers = await stack.startWorkers({ label: 'quote-models' });
    try {
      const factory = new OrderFactory(`B-quote-models-${stack.runTag}`);
      const place = (model: QuoteModel) => () =>
        runOrder(workers.driver, factory.create(), { queues: workers.queues, run: { quoteModel: model } });
      // One warm-up order per model: the code paths each model uses are compiled before timing.
      for (const model of QUOTE_MODELS)
        await runClosedLoop({
          count: 1,
          concurrency: 1,
          next: place(model),
          onDone: () => progress.tick(`${model} warm-up`),
        });

      const latency = new Map<QuoteModel, OrderOutcome[]>(QUOTE_MODELS.map((model) => [model, []]));
      for (let round = 0; round < size.rounds; round++) {
        for (const model of QUOTE_MODELS) {
          const outcomes = await runClosedLoop({
            count: size.ordersPerRound,
            concurrency: LATENCY_IN_FLIGHT,
            next: place(model),
            onDone: () => progress.tick(model),
          });
          latency.get(model)?.push(...outcomes);
        }
      }
      const figures = {} as Record<QuoteModel, ModelFigures>;
      for (const model of QUOTE_MODELS) {
        const throughput = await measureThroughput(stack.temporal.pid, workers, place(model), size, () =>
          progress.tick(`${model} throughput`),
        );
        progress.note(`${model}: reading histories`);
        const outcomes = latency.get(model) ?? [];
        const runs = await workflowRuns(
          stack.client,
          outcomes.filter((o) => o.ok).map((o) => o.workflowId),
        );
        figures[model] = {
          latency: outcomeFigures(outcomes),
          throughput,
          cost: orderCost(runs),
          operatorView: operatorView(model, runs, outcomes),
        };
      }
      const line = (model: QuoteModel): string => {
        const f = figures[model];
        return `${model} p50 ${f.latency.e2eMs.p50} ms, ${f.throughput.ordersPerSec}/s, ${f.cost.historyEvents} events`;
      };
      return {
        headline: QUOTE_MODELS.map(line).join('; '),
        settings: {
          partnerLatencyMs: PARTNER_LATENCY_MS,
          carriers: DEFAULT_CARRIERS,
          quoteConcurrency: QUOTE_CONCURRENCY,
          quotePerCarrierMs: QUOTE_PER_CARRIER_MS,
          quoteDeadlineMs: QUOTE_DEADLINE_MS,
          latencyOrdersInFlight: LATENCY_IN_FLIGHT,
          ...size,
          order: "latency in rounds alternating the models; then each model's throughput in turn",
        },
        figures: { models: figures, table: QUOTE_MODELS.map((model) => tableRow(model, figures[model])) },
        summary: {},
      };
    } finally {
      await workers.stop();
    }
  },
};

async function measureThroughput(
  temporalPid: number | undefined,
  workers: ScenarioWorkers,
  next: () => Promise<OrderOutcome>,
  size: Size,
  onDone: () => void,
): Promise<ModelFigures['throughput']> {
  const cpu = startStackCpuWindow(temporalPid, workers);
  const began = performance.now();
  const outcomes = await runClosedLoop({
    count: size.throughputOrders,
    concurrency: size.throughputInFlight,
    next,
    onDone,
  });
  const seconds = (performance.now() - began) / 1000;
  const figures = outcomeFigures(outcomes);
  return {
    ...figures,
    inFlight: size.throughputInFlight,
    ordersPerSec: round(figures.completed / seconds, 2),
    cpuPercentOfOneCore: cpu.stop(),
  };
}

function operatorView(
  model: QuoteModel,
  runs: readonly WorkflowRun[],
  outcomes: readonly OrderOutcome[],
): OperatorView {
  const run = runs[0];
  const perCarrier = (summary: string | undefined): boolean =>
    summary !== undefined && /^carriers: quote (?!every)/.test(summary);
  const rows = run
    ? [...run.activities.map((a) => a.summary), ...run.localActivities.map((l) => l.summary)].filter(perCarrier)
    : [];
  const result = outcomes.find((o) => o.ok)?.result;
  return {
    perCarrierRowsInHistory: rows.length,
    perCarrierOutcomesInResult: result?.quotes?.carriers?.length ?? 0,
    exampleSummaries: [
      ...new Set(
        run
          ? [...run.activities.map((a) => a.summary), ...run.localActivities.map((l) => l.summary)].filter(
              (s): s is string => Boolean(s) && /carrier/.test(s ?? ''),
            )
          : [],
      ),
    ].slice(0, 3),
    where: WHERE[model],
  };
}

function tableRow(model: QuoteModel, f: ModelFigures) {
  return {
    model,
    e2eP50Ms: f.latency.e2eMs.p50,
    e2eP99Ms: f.latency.e2eMs.p99,
    ordersPerSec: f.throughput.ordersPerSec,
    throughputInFlight: f.throughput.inFlight,
    historyEventsPerOrder: f.cost.historyEvents,
    workflowTasksPerOrder: f.cost.workflowTasks,
    activityTasksPerOrder: f.cost.activityTasks,
    localActivitiesPerOrder: f.cost.localActivities,
    perCarrierRowsInHistory: f.operatorView.perCarrierRowsInHistory,
    perCarrierOutcomesInResult: f.operatorView.perCarrierOutcomesInResult,
    failed: f.latency.failed + f.throughput.failed,
  };
}
