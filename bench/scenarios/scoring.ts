import type { SimulatorInfo } from '../../src/partners/simulator';
import { destinationNodeFor } from '../../src/scoring/destination-node';
import { scoreRoutesOnNetwork, type RouteScoringInput, type RouteScoringResult } from '../../src/scoring/route-scorer';
import { ScoringPool } from '../../src/scoring/scoring-pool';
import { loadConfig } from '../../src/shared/config';
import { mapBounded } from '../../src/workflows/bounded-fan-out';
import { median, ratio, round } from '../measure/stats';
import { generateRoadNetwork } from '../../src/scoring/road-network';
import { DEFAULT_CARRIERS } from '../stack/partners';
import { sized, type Progress, type Scenario } from './scenario';

const WAREHOUSES_PER_ORDER = 5;
const TINY_NETWORK_NODES = 2_000;

/** The same batch of scorings through the pool at full size and with one thread: what the threads buy. */
export const scoringScenario: Scenario = {
  name: 'scoring',
  title: 'scoring pool full vs 1 thread',
  async run(context) {
    const { progress } = context;
    const config = loadConfig();
    const batchSize = sized(context.profile, { smoke: 4, quick: 10, full: 40 });
    const fullSize = config.scoringThreads;
    progress.setTotal(2 * batchSize);
    const simulator = await context.stack.partners.ready(DEFAULT_CARRIERS);
    const batch = scoringBatch(simulator.info, config.roadNetwork, batchSize);

    const one = await timeBatch(1, batch, progress);
    const full = await timeBatch(fullSize, batch, progress);
    const speedup = ratio(full.perSecond, one.perSecond);
    progress.note('tiny scoring: thread vs pool');
    const tiny = await tinyScoringCost(simulator.info);
    const identical = one.results.every((result, index) => JSON.stringify(result) === JSON.stringify(full.results[index]));
    return {
      headline: `${full.perSecond}/s with ${fullSize} threads vs ${one.perSecond}/s with 1: x${speedup}`,
      settings: {
        poolThreads: [1, fullSize],
        batch: batchSize,
        candidatesPerScoring: batch[0]?.candidates.length ?? 0,
        roadNetworkNodes: config.roadNetwork.nodeCount,
        submitted: 'as many at once as the pool has threads (the CPU worker offers one activity slot per thread)',
      },
      figures: {
        oneThread: { elapsedMs: one.elapsedMs, scoringsPerSec: one.perSecond },
        fullPool: { threads: fullSize, elapsedMs: full.elapsedMs, scoringsPerSec: full.perSecond },
        speedup,
        identicalResults: identical,
        // When plain synchronous code wins: the hand-off to a thread costs more than a tiny scoring.
        tinyScoring: tiny,
      },
      summary: { scoring_pool_speedup: identical ? speedup : null },
      summaryNotes: identical ? {} : { scoring_pool_speedup: 'the two pools returned different results, so their speed is not comparable' },
    };
  },
};

/** Orders' scoring inputs as the workflow builds them: each warehouse with each carrier's hub. */
function scoringBatch(info: SimulatorInfo, network: RouteScoringInput['network'], size: number, warehousesPerOrder = WAREHOUSES_PER_ORDER): RouteScoringInput[] {
  return Array.from({ length: size }, (_, index) => {
    const warehouses = Array.from({ length: warehousesPerOrder }, (_, w) => info.warehouses[(index + w) % info.warehouses.length]!);
    return {
      network,
      destinationNode: destinationNodeFor({ country: 'FR', postalCode: String(69001 + index) }, network.nodeCount),
      candidates: warehouses.flatMap((warehouse) =>
        info.carriers.map((carrier, c) => ({
          warehouseId: warehouse.warehouseId,
          warehouseNode: warehouse.node,
          carrierId: carrier.carrierId,
          hubNode: carrier.hubNode,
          priceMinor: 900 + ((index * 31 + c * 17) % 700),
          etaHours: 24 + ((index + c) % 48),
        })),
      ),
    };
  });
}

async function timeBatch(threads: number, batch: RouteScoringInput[], progress: Progress) {
  const pool = ScoringPool.start({ threads });
  try {
    progress.note(`warming ${threads} thread(s)`);
    // Each thread builds and caches the network on its first task; that is start-up, not throughput.
    await mapBounded(batch.slice(0, threads), threads, (input) => pool.score(input));
    const started = performance.now();
    const settled = await mapBounded(batch, threads, async (input) => {
      const result = await pool.score(input);
      progress.tick(`${threads} thread(s)`);
      return result;
    });
    const elapsedMs = performance.now() - started;
    const results = settled.map((outcome) => {
      if (outcome.status === 'rejected') throw outcome.reason;
      return comparable(outcome.value);
    });
    return { elapsedMs: round(elapsedMs), perSecond: round((batch.length * 1000) / elapsedMs, 2), results };
  } finally {
    await pool.close();
  }
}

function comparable(result: RouteScoringResult) {
  return { best: result.best, ranked: result.ranked.map((route) => `${route.warehouseId}/${route.carrierId}:${route.score}`) };
}

const TINY_REPEATS = 25;

/**
 * A small scoring (one warehouse, a few carriers, the simulator-sized network) on this thread and
 * through a one-thread pool: what handing work to a thread costs when the work itself is tiny.
 */
export async function tinyScoringCost(info: SimulatorInfo): Promise<{ candidates: number; networkNodes: number; directP50Ms: number | null; poolP50Ms: number | null }> {
  const network = { seed: loadConfig().roadNetwork.seed, nodeCount: TINY_NETWORK_NODES };
  const [input] = scoringBatch(info, network, 1, 1);
  if (!input) return { candidates: 0, networkNodes: network.nodeCount, directP50Ms: null, poolP50Ms: null };
  const graph = generateRoadNetwork(network);
  const pool = ScoringPool.start({ threads: 1 });
  try {
    await pool.score(input);
    const direct: number[] = [];
    const pooled: number[] = [];
    for (let i = 0; i < TINY_REPEATS; i++) {
      let started = performance.now();
      scoreRoutesOnNetwork(graph, input);
      direct.push(performance.now() - started);
      started = performance.now();
      await pool.score(input);
      pooled.push(performance.now() - started);
    }
    return { candidates: input.candidates.length, networkNodes: network.nodeCount, directP50Ms: round(median(direct), 2), poolP50Ms: round(median(pooled), 2) };
  } finally {
    await pool.close();
  }
}
