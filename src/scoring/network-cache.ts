import { generateRoadNetwork, type NetworkSpec, type RoadNetwork } from './road-network';

/**
 * Generated networks by (seed, nodeCount), least recently used evicted first. A 200k-node network
 * is about 16 MB and takes ~150 ms to build, so a warm thread keeps a few of them.
 */
export class NetworkCache {
  private readonly networks = new Map<string, RoadNetwork>();

  constructor(private readonly maxEntries = 4) {}

  get(spec: NetworkSpec): RoadNetwork {
    const key = `${spec.seed}:${spec.nodeCount}`;
    const cached = this.networks.get(key);
    if (cached !== undefined) {
      this.networks.delete(key);
      this.networks.set(key, cached);
      return cached;
    }
    const network = generateRoadNetwork(spec);
    this.networks.set(key, network);
    for (const oldestKey of this.networks.keys()) {
      if (this.networks.size <= this.maxEntries) break;
      this.networks.delete(oldestKey);
    }
    return network;
  }

  get size(): number {
    return this.networks.size;
  }
}
