import { randomUUID } from 'node:crypto';

/** Random ids, so ids handed out before a reset can never be mistaken for ones after it. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
}
