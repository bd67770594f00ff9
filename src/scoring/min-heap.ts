/**
 * A binary min-heap of (priority, node) pairs in typed arrays. Ties on priority go to the lower
 * node id, so the settle order of a search, and hence the path picked among equal-cost ones, is
 * fully determined by the input.
 */
export class NodeMinHeap {
  private priorities: Float64Array;
  private nodes: Uint32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.priorities = new Float64Array(initialCapacity);
    this.nodes = new Uint32Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  push(priority: number, node: number): void {
    if (this.count === this.nodes.length) this.grow();
    let index = this.count++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!entryBefore(priority, node, this.priorities[parent]!, this.nodes[parent]!)) break;
      this.priorities[index] = this.priorities[parent]!;
      this.nodes[index] = this.nodes[parent]!;
      index = parent;
    }
    this.priorities[index] = priority;
    this.nodes[index] = node;
  }

  /** Priority of the top entry; call only when size > 0. */
  peekPriority(): number {
    return this.priorities[0]!;
  }

  /** Removes the top entry and returns its node; call only when size > 0. */
  pop(): number {
    const top = this.nodes[0]!;
    const last = --this.count;
    if (last > 0) this.siftDown(this.priorities[last]!, this.nodes[last]!);
    return top;
  }

  private siftDown(priority: number, node: number): void {
    let index = 0;
    const half = this.count >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      const right = child + 1;
      if (
        right < this.count &&
        entryBefore(this.priorities[right]!, this.nodes[right]!, this.priorities[child]!, this.nodes[child]!)
      ) {
        child = right;
      }
      if (!entryBefore(this.priorities[child]!, this.nodes[child]!, priority, node)) break;
      this.priorities[index] = this.priorities[child]!;
      this.nodes[index] = this.nodes[child]!;
      index = child;
    }
    this.priorities[index] = priority;
    this.nodes[index] = node;
  }

  private grow(): void {
    const priorities = new Float64Array(this.nodes.length * 2);
    const nodes = new Uint32Array(this.nodes.length * 2);
    priorities.set(this.priorities);
    nodes.set(this.nodes);
    this.priorities = priorities;
    this.nodes = nodes;
  }
}

function entryBefore(priority: number, node: number, otherPriority: number, otherNode: number): boolean {
  return priority < otherPriority || (priority === otherPriority && node < otherNode);
}
