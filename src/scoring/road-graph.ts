import { InvalidScoringInputError } from './scoring-errors';

export const ROAD_CLASS_SPEED_KMH = {
  local: 40,
  regional: 70,
  arterial: 90,
  motorway: 110,
} as const;

export type RoadClass = keyof typeof ROAD_CLASS_SPEED_KMH;

export const ROAD_CLASSES: readonly RoadClass[] = ['local', 'regional', 'arterial', 'motorway'];

/**
 * A road network in compressed-sparse-row form: the roads leaving node n are the indices
 * roadStart[n] .. roadStart[n + 1] - 1 of the road arrays. Typed arrays keep a 200k-node network
 * compact and fast to walk. Lengths and times are integers (metres, seconds) so that path sums are
 * exact and scores never depend on the order floating-point additions happen in.
 */
export interface RoadNetwork {
  readonly nodeCount: number;
  readonly regionCount: number;
  readonly nodeXKm: Float64Array;
  readonly nodeYKm: Float64Array;
  readonly nodeRegion: Uint32Array;
  readonly roadStart: Uint32Array;
  readonly roadTarget: Uint32Array;
  readonly roadLengthMeters: Uint32Array;
  readonly roadDriveSeconds: Uint32Array;
  /** Index into ROAD_CLASSES. */
  readonly roadClass: Uint8Array;
}

export interface NodeSpec {
  xKm: number;
  yKm: number;
  region: number;
}

/** A two-way road. */
export interface RoadSpec {
  from: number;
  to: number;
  lengthKm: number;
  roadClass: RoadClass;
}

export function driveSecondsFor(lengthMeters: number, roadClass: RoadClass): number {
  const metersPerSecond = ROAD_CLASS_SPEED_KMH[roadClass] / 3.6;
  return Math.max(1, Math.round(lengthMeters / metersPerSecond));
}

/** Collects two-way roads and freezes them into a RoadNetwork. */
export class RoadGraphBuilder {
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly lengthMeters: number[] = [];
  private readonly classIndex: number[] = [];

  constructor(
    private readonly nodeXKm: Float64Array,
    private readonly nodeYKm: Float64Array,
    private readonly nodeRegion: Uint32Array,
  ) {}

  addRoad(from: number, to: number, lengthMeters: number, roadClass: RoadClass): void {
    const nodeCount = this.nodeXKm.length;
    if (!isNodeIndex(from, nodeCount) || !isNodeIndex(to, nodeCount) || from === to) {
      throw new InvalidScoringInputError(`road ${from}->${to} must join two different nodes of 0..${nodeCount - 1}`);
    }
    if (!Number.isFinite(lengthMeters) || lengthMeters < 1) {
      throw new InvalidScoringInputError(`road ${from}->${to} needs a length of at least 1 m, got ${lengthMeters}`);
    }
    this.from.push(from);
    this.to.push(to);
    this.lengthMeters.push(Math.round(lengthMeters));
    this.classIndex.push(ROAD_CLASSES.indexOf(roadClass));
  }

  build(): RoadNetwork {
    const nodeCount = this.nodeXKm.length;
    const directedCount = this.from.length * 2;
    const roadStart = new Uint32Array(nodeCount + 1);
    for (let i = 0; i < this.from.length; i++) {
      roadStart[this.from[i]! + 1]!++;
      roadStart[this.to[i]! + 1]!++;
    }
    for (let n = 0; n < nodeCount; n++) roadStart[n + 1]! += roadStart[n]!;

    const nextSlot = roadStart.slice(0, nodeCount);
    const roadTarget = new Uint32Array(directedCount);
    const roadLengthMeters = new Uint32Array(directedCount);
    const roadDriveSeconds = new Uint32Array(directedCount);
    const roadClass = new Uint8Array(directedCount);
    const place = (from: number, to: number, road: number): void => {
      const slot = nextSlot[from]!++;
      const lengthMeters = this.lengthMeters[road]!;
      const classIndex = this.classIndex[road]!;
      roadTarget[slot] = to;
      roadLengthMeters[slot] = lengthMeters;
      roadDriveSeconds[slot] = driveSecondsFor(lengthMeters, ROAD_CLASSES[classIndex]!);
      roadClass[slot] = classIndex;
    };
    for (let road = 0; road < this.from.length; road++) {
      place(this.from[road]!, this.to[road]!, road);
      place(this.to[road]!, this.from[road]!, road);
    }

    let regionCount = 0;
    for (const region of this.nodeRegion) regionCount = Math.max(regionCount, region + 1);
    return {
      nodeCount,
      regionCount,
      nodeXKm: this.nodeXKm,
      nodeYKm: this.nodeYKm,
      nodeRegion: this.nodeRegion,
      roadStart,
      roadTarget,
      roadLengthMeters,
      roadDriveSeconds,
      roadClass,
    };
  }
}

/** Builds a network from explicit nodes and roads: for tests and hand-made examples. */
export function buildRoadNetwork(nodes: readonly NodeSpec[], roads: readonly RoadSpec[]): RoadNetwork {
  const builder = new RoadGraphBuilder(
    Float64Array.from(nodes, (node) => node.xKm),
    Float64Array.from(nodes, (node) => node.yKm),
    Uint32Array.from(nodes, (node) => node.region),
  );
  for (const road of roads) builder.addRoad(road.from, road.to, road.lengthKm * 1000, road.roadClass);
  return builder.build();
}

export function isNodeIndex(value: unknown, nodeCount: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) < nodeCount;
}
