import { RoadGraphBuilder, type RoadClass, type RoadNetwork } from './road-graph';
import { InvalidScoringInputError } from './scoring-errors';
import { createSeededRandom, randomBetween, type RandomSource } from '../domain/seeded-random';

export type { RoadNetwork } from './road-graph';

/** What identifies a generated network: the same spec always yields the same network. */
export interface NetworkSpec {
  seed: number;
  nodeCount: number;
}

export const MAX_NODE_COUNT = 2_000_000;

const GRID_SPACING_KM = 2;
const REGION_SIZE_CELLS = 24;
const ARTERIAL_EVERY_CELLS = 6;
const DIAGONAL_ROAD_SHARE = 0.3;
const REGIONAL_ROAD_SHARE = 0.25;

/**
 * A jittered grid of towns: neighbouring towns are joined by local or regional roads, every few
 * rows and columns by an arterial, and each region's hub by motorways to the neighbouring hubs.
 * The grid guarantees connectivity; diagonals lift the average degree to about 4.5.
 */
export function generateRoadNetwork(spec: NetworkSpec): RoadNetwork {
  assertValidNetworkSpec(spec);
  const { nodeCount } = spec;
  const random = createSeededRandom(spec.seed);
  const columns = Math.ceil(Math.sqrt(nodeCount));
  const regionColumns = Math.ceil(columns / REGION_SIZE_CELLS);

  const nodeXKm = new Float64Array(nodeCount);
  const nodeYKm = new Float64Array(nodeCount);
  const nodeRegion = new Uint32Array(nodeCount);
  for (let node = 0; node < nodeCount; node++) {
    const row = Math.floor(node / columns);
    const column = node % columns;
    nodeXKm[node] = (column + randomBetween(random, -0.35, 0.35)) * GRID_SPACING_KM;
    nodeYKm[node] = (row + randomBetween(random, -0.35, 0.35)) * GRID_SPACING_KM;
    nodeRegion[node] = Math.floor(row / REGION_SIZE_CELLS) * regionColumns + Math.floor(column / REGION_SIZE_CELLS);
  }

  const builder = new RoadGraphBuilder(nodeXKm, nodeYKm, nodeRegion);
  const straightKm = (a: number, b: number): number => Math.hypot(nodeXKm[a]! - nodeXKm[b]!, nodeYKm[a]! - nodeYKm[b]!);
  const addWindingRoad = (a: number, b: number, roadClass: RoadClass): void => {
    const detour = randomBetween(random, 1.05, 1.35);
    builder.addRoad(a, b, Math.max(1, straightKm(a, b) * detour * 1000), roadClass);
  };
  const gridRoadClass = (onArterialLine: boolean): RoadClass => {
    if (onArterialLine) return 'arterial';
    return random() < REGIONAL_ROAD_SHARE ? 'regional' : 'local';
  };

  for (let node = 0; node < nodeCount; node++) {
    const row = Math.floor(node / columns);
    const column = node % columns;
    const right = node + 1;
    const below = node + columns;
    if (column + 1 < columns && right < nodeCount) {
      addWindingRoad(node, right, gridRoadClass(row % ARTERIAL_EVERY_CELLS === 0));
    }
    if (below < nodeCount) {
      addWindingRoad(node, below, gridRoadClass(column % ARTERIAL_EVERY_CELLS === 0));
    }
    if (column + 1 < columns && below + 1 < nodeCount && random() < DIAGONAL_ROAD_SHARE) {
      addWindingRoad(node, below + 1, 'local');
    }
  }

  addMotorways(builder, random, { nodeCount, columns, regionColumns, straightKm });
  return builder.build();
}

interface GridShape {
  nodeCount: number;
  columns: number;
  regionColumns: number;
  straightKm: (a: number, b: number) => number;
}

function addMotorways(builder: RoadGraphBuilder, random: RandomSource, grid: GridShape): void {
  const rows = Math.ceil(grid.nodeCount / grid.columns);
  const regionRows = Math.ceil(rows / REGION_SIZE_CELLS);
  const hubOf = (regionRow: number, regionColumn: number): number | undefined => {
    const row = Math.min(regionRow * REGION_SIZE_CELLS + REGION_SIZE_CELLS / 2, rows - 1);
    const column = Math.min(regionColumn * REGION_SIZE_CELLS + REGION_SIZE_CELLS / 2, grid.columns - 1);
    const node = row * grid.columns + column;
    if (node < grid.nodeCount) return node;
    const rowAbove = node - grid.columns;
    return rowAbove >= 0 ? rowAbove : undefined;
  };
  const link = (a: number | undefined, b: number | undefined): void => {
    if (a === undefined || b === undefined || a === b) return;
    const lengthKm = grid.straightKm(a, b) * randomBetween(random, 1.02, 1.1);
    builder.addRoad(a, b, Math.max(1, lengthKm * 1000), 'motorway');
  };
  for (let regionRow = 0; regionRow < regionRows; regionRow++) {
    for (let regionColumn = 0; regionColumn < grid.regionColumns; regionColumn++) {
      const hub = hubOf(regionRow, regionColumn);
      if (regionColumn + 1 < grid.regionColumns) link(hub, hubOf(regionRow, regionColumn + 1));
      if (regionRow + 1 < regionRows) link(hub, hubOf(regionRow + 1, regionColumn));
    }
  }
}

export function assertValidNetworkSpec(spec: NetworkSpec): void {
  if (!Number.isInteger(spec.nodeCount) || spec.nodeCount < 1 || spec.nodeCount > MAX_NODE_COUNT) {
    throw new InvalidScoringInputError(
      `network.nodeCount must be an integer in 1..${MAX_NODE_COUNT}, got ${spec.nodeCount}`,
    );
  }
  if (!Number.isInteger(spec.seed) || spec.seed < 0 || spec.seed > 0xffff_ffff) {
    throw new InvalidScoringInputError(`network.seed must be an unsigned 32-bit integer, got ${spec.seed}`);
  }
}
