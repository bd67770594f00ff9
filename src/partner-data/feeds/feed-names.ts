/**
 * The partners' paginated feeds a sync pass pulls. Kept free of zod and Temporal so the workflow
 * bundle can import the names without dragging a validation library into the sandbox.
 */
export const FEED_NAMES = ['catalog', 'stock', 'rates'] as const;
export type FeedName = (typeof FEED_NAMES)[number];

export function isFeedName(name: string): name is FeedName {
  return (FEED_NAMES as readonly string[]).includes(name);
}
