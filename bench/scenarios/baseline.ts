import { partnerApi } from '../../src/partners/partner-api';
import { PartnerClient } from '../../src/partners/partner-client';
import { ScoringPool } from '../../src/scoring/scoring-pool';
import { loadConfig } from '../../src/platform/config';
import { placePlainOrder } from '../baseline/plain-order-flow';
import { OrderFactory } from '../load/orders';
import { runOrder, type OrderOutcome } from '../load/order-runs';
import { outcomeFigures } from '../measure/outcomes';
import { ratio, round } from '../measure/stats';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { sized, type Scenario } from './scenario';

const PARTNER_LATENCY_MS = 50;

/**
 * The same order flow as plain Node and through Temporal, alternately, one order at a time: both
 * see the same machine at the same moments, so the ratio holds on a noisy host.
 */
export const baselineScenario: Scenario = {
  name: 'baseline',
  title: 'Temporal vs plain Node, same calls',
  async run(context) {
    const { stack, progress } = context;
    const size = sized(context.profile, {
      smoke: { warmupPairs: 1, pairs: 3 },
      quick: { warmupPairs: 1, pairs: 10 },
      full: { warmupPairs: 4, pairs: 100 },
    });
    progress.setTotal(2 * (size.warmupPairs + size.pairs));
    const simulator = await stack.partners.ready(DEFAULT_CARRIERS);
    await stack.partners.setLatency(PARTNER_LATENCY_MS);
    const config = loadConfig();
    const workers = await stack.startWorkers({ label: 'baseline' });
    const partnerClient = new PartnerClient({
      baseUrl: simulator.url,
      connectionsPerPartner: config.partnerConnections,
    });
    const pool = ScoringPool.start({ threads: config.scoringThreads });
    const plainDeps = { api: partnerApi(partnerClient), scorer: pool, network: config.roadNetwork };
    try {
      const factory = new OrderFactory(`B-baseline-${stack.runTag}`);
      const temporal: OrderOutcome[] = [];
      const plain: OrderOutcome[] = [];
      for (let i = 0; i < size.warmupPairs + size.pairs; i++) {
        const measured = i >= size.warmupPairs;
        const viaTemporal = await runOrder(workers.driver, factory.create());
        progress.tick('temporal');
        const viaPlain = await runPlainOrder(plainDeps, factory);
        progress.tick('plain');
        if (measured) {
          temporal.push(viaTemporal);
          plain.push(viaPlain);
        }
      }
      const temporalFigures = outcomeFigures(temporal);
      const plainFigures = outcomeFigures(plain);
      const p50Ratio = ratio(temporalFigures.e2eMs.p50, plainFigures.e2eMs.p50);
      return {
        headline: `p50 Temporal ${temporalFigures.e2eMs.p50} ms vs plain ${plainFigures.e2eMs.p50} ms: x${p50Ratio}`,
        settings: {
          partnerLatencyMs: PARTNER_LATENCY_MS,
          carriers: DEFAULT_CARRIERS,
          ordersInFlight: 1,
          pairs: size.pairs,
          order: 'alternating: one Temporal order, then one plain order',
          roadNetworkNodes: config.roadNetwork.nodeCount,
          plainScorer: `ScoringPool with ${pool.size} threads in the benchmark process`,
          plainHttp: `the same PartnerClient (undici, ${config.partnerConnections} connections per partner)`,
        },
        figures: {
          temporal: temporalFigures,
          plain: plainFigures,
          temporalOverPlainP50: p50Ratio,
          temporalMinusPlainP50Ms: round((temporalFigures.e2eMs.p50 ?? NaN) - (plainFigures.e2eMs.p50 ?? NaN)),
        },
        summary: { temporal_over_plain_p50: p50Ratio },
      };
    } finally {
      await pool.close();
      await partnerClient.close();
      await workers.stop();
    }
  },
};

async function runPlainOrder(
  deps: Parameters<typeof placePlainOrder>[0],
  factory: OrderFactory,
): Promise<OrderOutcome> {
  const order = factory.create();
  const startedAt = performance.now();
  try {
    await placePlainOrder(deps, order);
    return { orderId: order.orderId, workflowId: '', ok: true, e2eMs: performance.now() - startedAt, startedAt };
  } catch (err) {
    return {
      orderId: order.orderId,
      workflowId: '',
      ok: false,
      e2eMs: performance.now() - startedAt,
      startedAt,
      error: err instanceof Error ? err.message : String(err),
    };
  }
}
