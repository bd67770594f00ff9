import { describe, expect, it } from 'vitest';
import { NodeMinHeap } from '../../src/scoring/min-heap';
import { createSeededRandom } from '../../src/domain/seeded-random';

describe('NodeMinHeap', () => {
  it('pops by priority, then by node id, through growth', () => {
    const random = createSeededRandom(5);
    const heap = new NodeMinHeap(2);
    const entries = Array.from({ length: 500 }, (_, node) => ({ priority: Math.floor(random() * 50), node }));
    for (const { priority, node } of entries) heap.push(priority, node);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop());
    const expected = [...entries].sort((a, b) => a.priority - b.priority || a.node - b.node).map(({ node }) => node);
    expect(popped).toEqual(expected);
  });
});
