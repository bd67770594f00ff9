import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../feeds/cursor';
import { failure, ok } from '../http/answers';
import { readHandler } from '../http/pipeline';
import type { SimulatorState } from '../state';
import { PARTNER_OPERATIONS, type OperationTarget } from '../targets';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

type Feed = (typeof PARTNER_OPERATIONS.feeds)[number];

interface FeedSource {
  size(): number;
  page(offset: number, limit: number): unknown[];
}

const limitSchema = z.coerce.number().int().min(1).max(MAX_PAGE_SIZE);

export function registerFeedRoutes(app: FastifyInstance, state: SimulatorState): void {
  const { world } = state;
  const sources: Record<Feed, FeedSource> = {
    catalog: { size: () => world.catalog.length, page: (offset, limit) => world.catalog.slice(offset, offset + limit) },
    stock: { size: () => state.stock.rowCount, page: (offset, limit) => state.stock.rows(offset, limit) },
    rates: { size: () => world.rates.length, page: (offset, limit) => world.rates.slice(offset, offset + limit) },
  };
  const isFeed = (name: string): name is Feed => (PARTNER_OPERATIONS.feeds as readonly string[]).includes(name);

  app.get(
    '/feeds/:feed',
    readHandler(state, {
      identify: (params) => {
        const feed = params.feed ?? '';
        if (!isFeed(feed))
          return failure(
            404,
            'UnknownFeed',
            `no feed ${feed}; feeds are ${PARTNER_OPERATIONS.feeds.join(', ')}`,
            'feed',
          );
        return { partner: 'feeds', operation: `feeds.${feed}` as OperationTarget };
      },
      act: ({ params, query }) => {
        const feed = params.feed as Feed;
        const limitText = single(query.limit);
        const limit =
          limitText === undefined
            ? { success: true as const, data: DEFAULT_PAGE_SIZE }
            : limitSchema.safeParse(limitText);
        if (!limit.success)
          return failure(400, 'ValidationFailed', `limit: expected an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
        const cursor = single(query.cursor);
        const offset = cursor === undefined || cursor === '' ? 0 : decodeCursor(cursor, feed, world.seed);
        const source = sources[feed];
        const size = source.size();
        if (offset === undefined || offset > size)
          return failure(400, 'InvalidCursor', `cursor: not a cursor this simulator issued for feed ${feed}`, 'cursor');
        const next = offset + limit.data;
        return ok(200, {
          feed,
          items: source.page(offset, limit.data),
          nextCursor: next < size ? encodeCursor({ feed, seed: world.seed, offset: next }) : null,
          generatedAt: new Date().toISOString(),
        });
      },
    }),
  );
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
