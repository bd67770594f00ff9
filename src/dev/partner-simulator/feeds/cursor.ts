/**
 * Feed cursors are opaque to clients but are just an offset into a list whose order never changes
 * (rows are only ever updated in place), tagged with the feed and seed so a cursor cannot be used
 * on another feed or another world.
 */
interface CursorContent {
  feed: string;
  seed: number;
  offset: number;
}

export function encodeCursor(content: CursorContent): string {
  return Buffer.from(JSON.stringify([content.feed, content.seed, content.offset])).toString('base64url');
}

/** Undefined when the cursor was not issued for this feed and seed. */
export function decodeCursor(cursor: string, feed: string, seed: number): number | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
    const [cursorFeed, cursorSeed, offset] = decoded as unknown[];
    if (cursorFeed !== feed || cursorSeed !== seed) return undefined;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}
