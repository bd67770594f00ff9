import { describe, expect, it } from 'vitest';
import { mapBounded } from '../../src/workflows/order/bounded-fan-out';

describe('mapBounded (the workflow-side fan-out limiter)', () => {
  it('never runs more than the limit at once and settles every item in order', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const results = await mapBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5 * (n % 3)));
      inFlight--;
      if (n === 4) throw new Error('four failed');
      return n * 10;
    });
    expect(maxInFlight).toBe(3);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      10,
      20,
      30,
      'four failed',
      50,
      60,
      70,
    ]);
  });

  it('handles an empty list', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
  });
});
