import { describe, expect, it } from 'vitest';
import { destinationNodeFor } from '../../src/scoring/destination-node';

describe('destinationNodeFor', () => {
  it('maps an address to the same node every time, ignoring case, spaces and dashes', () => {
    const node = destinationNodeFor({ country: 'DE', postalCode: '10115' }, 2_000);
    expect(destinationNodeFor({ country: 'de', postalCode: ' 101-15 ' }, 2_000)).toBe(node);
    expect(node).toBeGreaterThanOrEqual(0);
    expect(node).toBeLessThan(2_000);
  });

  it('spreads different postal codes over the network', () => {
    const nodes = new Set(
      Array.from({ length: 200 }, (_, i) =>
        destinationNodeFor({ country: 'NL', postalCode: String(1000 + i) }, 100_000),
      ),
    );
    expect(nodes.size).toBeGreaterThan(190);
  });

  it('refuses an empty network', () => {
    expect(() => destinationNodeFor({ country: 'DE', postalCode: '1' }, 0)).toThrow(RangeError);
  });
});
