import { z } from 'zod';
import type { FeedName } from './feed-names';

/**
 * What each feed's items must look like before they reach the store. Unknown fields are dropped,
 * so a partner adding a field never breaks the sync; a missing or mistyped one refuses the page.
 */
const id = z.string().min(1);
const count = z.number().int().nonnegative();

export const catalogItemSchema = z.object({
  sku: id,
  name: z.string(),
  weightGrams: count,
  priceMinor: z.number().int(),
  currency: z.string().length(3),
});

export const stockItemSchema = z.object({
  warehouseId: id,
  node: count,
  region: id,
  sku: id,
  quantity: count,
});

export const rateItemSchema = z.object({
  carrierId: id,
  region: id,
  basePriceMinor: count,
  perKgMinor: count,
  currency: z.string().length(3),
  etaHours: count,
  hubNode: count,
});

export type CatalogItem = z.infer<typeof catalogItemSchema>;
export type StockItem = z.infer<typeof stockItemSchema>;
export type RateItem = z.infer<typeof rateItemSchema>;

export interface FeedItems {
  catalog: CatalogItem;
  stock: StockItem;
  rates: RateItem;
}

const ITEM_SCHEMAS: { [F in FeedName]: z.ZodType<FeedItems[F]> } = {
  catalog: catalogItemSchema,
  stock: stockItemSchema,
  rates: rateItemSchema,
};

const feedPageSchema = z.object({
  feed: z.string(),
  items: z.array(z.unknown()),
  nextCursor: z.string().min(1).nullable(),
});

/** One page as the partner sent it, checked: typed items and the cursor of the next page (null: last page). */
export interface FeedPage<F extends FeedName = FeedName> {
  items: FeedItems[F][];
  nextCursor: string | null;
}

export type FeedPageParse<F extends FeedName> = { ok: true; page: FeedPage<F> } | { ok: false; problem: string };

export function parseFeedPage<F extends FeedName>(feed: F, body: unknown): FeedPageParse<F> {
  const envelope = feedPageSchema.safeParse(body);
  if (!envelope.success) return { ok: false, problem: describe(envelope.error) };
  if (envelope.data.feed !== feed) return { ok: false, problem: `feed: expected ${feed}, got ${envelope.data.feed}` };
  const items = z.array(ITEM_SCHEMAS[feed]).safeParse(envelope.data.items);
  if (!items.success) return { ok: false, problem: describe(items.error, 'items') };
  return { ok: true, page: { items: items.data, nextCursor: envelope.data.nextCursor } };
}

function describe(error: z.ZodError, prefix?: string): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid page';
  const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
  return `${path || 'page'}: ${issue.message}`;
}
