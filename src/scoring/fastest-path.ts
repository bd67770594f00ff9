import { NodeMinHeap } from './min-heap';
import type { RoadNetwork } from './road-graph';

export interface PathLength {
  driveSeconds: number;
  lengthMeters: number;
}

/**
 * Dijkstra by drive time, stopping once the target is settled. Among equally fast paths the
 * shorter one wins. The buffers are reused across searches on one network to spare the allocator.
 */
export class FastestPathSearch {
  private readonly bestSeconds: Float64Array;
  private readonly bestMeters: Float64Array;
  private readonly settled: Uint8Array;
  private readonly frontier = new NodeMinHeap();

  constructor(private readonly network: RoadNetwork) {
    this.bestSeconds = new Float64Array(network.nodeCount);
    this.bestMeters = new Float64Array(network.nodeCount);
    this.settled = new Uint8Array(network.nodeCount);
  }

  /** Null when no road connects the two nodes. */
  between(source: number, target: number): PathLength | null {
    if (source === target) return { driveSeconds: 0, lengthMeters: 0 };
    const { roadStart, roadTarget, roadDriveSeconds, roadLengthMeters } = this.network;
    const { bestSeconds, bestMeters, settled, frontier } = this;
    bestSeconds.fill(Infinity);
    settled.fill(0);
    frontier.clear();
    bestSeconds[source] = 0;
    bestMeters[source] = 0;
    frontier.push(0, source);

    while (frontier.size > 0) {
      const node = frontier.pop();
      if (settled[node] === 1) continue;
      settled[node] = 1;
      if (node === target) return { driveSeconds: bestSeconds[node]!, lengthMeters: bestMeters[node]! };
      const seconds = bestSeconds[node]!;
      const meters = bestMeters[node]!;
      for (let road = roadStart[node]!, end = roadStart[node + 1]!; road < end; road++) {
        const next = roadTarget[road]!;
        if (settled[next] === 1) continue;
        const nextSeconds = seconds + roadDriveSeconds[road]!;
        const nextMeters = meters + roadLengthMeters[road]!;
        const known = bestSeconds[next]!;
        if (nextSeconds < known || (nextSeconds === known && nextMeters < bestMeters[next]!)) {
          bestSeconds[next] = nextSeconds;
          bestMeters[next] = nextMeters;
          if (nextSeconds < known) frontier.push(nextSeconds, next);
        }
      }
    }
    return null;
  }
}
