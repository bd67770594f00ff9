import { loadConfig } from '../../src/platform/config';
import { QUOTE_CONCURRENCY } from '../../src/workflows/order/policies';
import { ratio } from '../measure/stats';
import { measureOrderLatency, type LatencyRun } from './latency-run';
import { sized, type Scenario } from './scenario';

const PARTNER_LATENCY_MS = 50;
const CONCURRENCY = 2;
const WIDTHS = [1, 20] as const;

export const widthScenario: Scenario = {
  name: 'width',
  title: '1 vs 20 carriers quoted',
  async run(context) {
    const size = sized(context.profile, {
      smoke: { warmupOrders: 1, orders: 2, sampledHistories: 2 },
      quick: { warmupOrders: 1, orders: 6, sampledHistories: 4 },
      full: { warmupOrders: 5, orders: 80, sampledHistories: 20 },
    });
    context.progress.setTotal(WIDTHS.length * (size.warmupOrders + size.orders));
    const runs = new Map<number, LatencyRun>();
    for (const carriers of WIDTHS) {
      runs.set(
        carriers,
        await measureOrderLatency(context, {
          label: `width-${carriers}`,
          carriers,
          partnerLatencyMs: PARTNER_LATENCY_MS,
          concurrency: CONCURRENCY,
          ...size,
        }),
      );
    }
    const narrow = runs.get(1) as LatencyRun;
    const wide = runs.get(20) as LatencyRun;
    const measured = ratio(wide.figures.e2eMs.p50, narrow.figures.e2eMs.p50);
    return {
      headline: `p50 ${narrow.figures.e2eMs.p50} ms with 1 carrier, ${wide.figures.e2eMs.p50} ms with 20: x${measured}`,
      settings: {
        partnerLatencyMs: PARTNER_LATENCY_MS,
        carriers: [...WIDTHS],
        quoteConcurrency: QUOTE_CONCURRENCY,
        ordersInFlight: CONCURRENCY,
        ordersPerWidth: size.orders,
        roadNetworkNodes: loadConfig().roadNetwork.nodeCount,
      },
      figures: Object.fromEntries([
        ...[...runs].map(([carriers, run]) => [
          `carriers${carriers}`,
          {
            ...run.figures,
            idealCriticalPath: run.ideal,
            directScoring: run.directScoring,
            overheadP50Ms: run.overheadP50Ms,
            whereTheTimeGoes: run.whereTheTimeGoes,
          },
        ]),
        ['e2eP50Ratio', measured],
        // What the ratio would be with zero orchestration cost: the part Temporal cannot remove.
        ['idealRatio', ratio(wide.ideal?.totalMs, narrow.ideal?.totalMs)],
      ]),
      summary: { width20_over_width1_p50: measured },
    };
  },
};
