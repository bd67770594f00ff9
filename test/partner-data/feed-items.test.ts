import { describe, expect, it } from 'vitest';
import { parseFeedPage } from '../../src/partner-data/feeds/feed-items';

describe('feed pages', () => {
  it('accepts a page, dropping fields the store does not keep', () => {
    const parsed = parseFeedPage('stock', {
      feed: 'stock',
      items: [{ warehouseId: 'wh-01', node: 4, region: 'UK', sku: 'SKU-0001', quantity: 3, extra: true }],
      nextCursor: null,
      generatedAt: '2026-01-01T00:00:00Z',
    });
    expect(parsed).toEqual({
      ok: true,
      page: {
        items: [{ warehouseId: 'wh-01', node: 4, region: 'UK', sku: 'SKU-0001', quantity: 3 }],
        nextCursor: null,
      },
    });
  });

  it('refuses a page that breaks the contract, naming the field', () => {
    expect(
      parseFeedPage('stock', {
        feed: 'stock',
        items: [{ warehouseId: 'wh-01', sku: 'SKU-1', node: 1, region: 'UK', quantity: -1 }],
        nextCursor: null,
      }),
    ).toEqual({
      ok: false,
      problem: expect.stringMatching(/^items\.0\.quantity: /) as unknown,
    });
    expect(parseFeedPage('rates', { feed: 'stock', items: [], nextCursor: null })).toEqual({
      ok: false,
      problem: 'feed: expected rates, got stock',
    });
  });
});
