import { loadConfig } from '../../src/platform/config';
import { sampleRuns } from '../measure/outcomes';
import { scheduleToStartByQueue } from '../measure/histories';
import { distribution } from '../measure/stats';
import type { TaskQueues } from '../../src/contracts/task-queues';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { P99_LIMIT_MS, stepUpLoad } from './load-steps';
import { sized, type Scenario } from './scenario';

const PARTNER_LATENCY_MS = 50;
/**
 * The simulator's own network size (where its warehouses and hubs sit). At the product default of
 * 20,000 nodes one order's scoring costs ~200 ms of CPU, which alone caps two cores near 10 orders/s;
 * the scoring scenario measures that cost on its own.
 */
export const THROUGHPUT_NETWORK_NODES = 2_000;

export const throughputScenario: Scenario = {
  name: 'throughput',
  title: 'open-loop orders/s until p99 > 2 s',
  async run(context) {
    const { stack, progress } = context;
    const size = sized(context.profile, {
      smoke: { rates: [2], stepMs: 2_000, sampledHistories: 2 },
      quick: { rates: [4, 8, 12, 16], stepMs: 4_000, sampledHistories: 6 },
      full: { rates: [4, 6, 8, 10, 12, 15, 20, 25], stepMs: 30_000, sampledHistories: 30 },
    });
    progress.setTotal(size.rates.reduce((sum, rate) => sum + Math.round((rate * size.stepMs) / 1000), 0));
    await stack.partners.ready(DEFAULT_CARRIERS);
    await stack.partners.setLatency(PARTNER_LATENCY_MS);
    const nodes = { ORDEROPS_ROAD_NETWORK_NODES: String(THROUGHPUT_NETWORK_NODES) };
    const workers = await stack.startWorkers({ label: 'throughput', io: nodes, cpu: nodes });
    try {
      const { steps, best } = await stepUpLoad(context, workers, {
        label: 'throughput',
        rates: size.rates,
        stepMs: size.stepMs,
        server: stack.temporal,
        giveUpAfterMs: 20_000,
      });
      progress.note('throughput: reading histories');
      const runs = best ? await sampleRuns(stack.client, best.outcomes, size.sampledHistories) : [];
      const scheduleToStart = Object.fromEntries(
        [...scheduleToStartByQueue(runs)].map(([queue, values]) => [
          queueRole(queue, workers.queues),
          distribution(values),
        ]),
      );
      const config = loadConfig();
      return {
        headline: best
          ? `${best.step.offeredPerSec} orders/s sustained, p99 ${best.step.e2eMs.p99} ms`
          : `no rate sustained (first step p99 ${steps[0]?.e2eMs.p99} ms)`,
        settings: {
          partnerLatencyMs: PARTNER_LATENCY_MS,
          carriers: DEFAULT_CARRIERS,
          arrivals: 'open loop, evenly spaced',
          ratesPerSec: size.rates,
          stepMs: size.stepMs,
          p99LimitMs: P99_LIMIT_MS,
          roadNetworkNodes: THROUGHPUT_NETWORK_NODES,
          ioActivitySlots: config.ioActivitySlots,
          ioWorkflowSlots: config.ioWorkflowSlots,
          scoringThreads: config.scoringThreads,
          persistence: stack.temporal.persistence,
        },
        figures: {
          steps,
          highestSustainedPerSec: best?.step.offeredPerSec ?? null,
          scheduleToStartAtHighestMs: { sampledOrders: runs.length, ...scheduleToStart },
        },
        summary: {
          orders_per_sec: best?.step.offeredPerSec ?? null,
          throughput_e2e_p99_ms: best?.step.e2eMs.p99 ?? null,
        },
        summaryNotes: best
          ? {}
          : {
              orders_per_sec: `no rate was sustained: at ${steps[0]?.offeredPerSec}/s p99 was ${steps[0]?.e2eMs.p99} ms with ${steps[0]?.failed} failed`,
              throughput_e2e_p99_ms: 'no rate was sustained; see scenarios.throughput.figures.steps',
            },
      };
    } finally {
      await workers.stop();
    }
  },
};

function queueRole(queue: string, queues: TaskQueues): string {
  if (queue === queues.partnerIo) return 'partner-io';
  if (queue === queues.routeScoring) return 'route-scoring';
  if (queue === queues.orders) return 'orders';
  return queue;
}
