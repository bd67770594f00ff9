import type { RandomSource as Random } from '../../../domain/seeded-random';

/**
 * Seeded randomness. The simulator's world (skus, stock, nodes, rates) and its fault draws must be
 * reproducible from a seed, so nothing here touches Math.random.
 */

/** FNV-1a over the joined parts: a cheap, stable 32-bit hash for deriving values from inputs. */
export function hash32(...parts: ReadonlyArray<string | number>): number {
  const text = parts.join('\u241f');
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A value in [0, 1) that depends only on the parts. */
export function hashUnit(...parts: ReadonlyArray<string | number>): number {
  return hash32(...parts) / 0x1_0000_0000;
}

export { createSeededRandom as seededRandom, type RandomSource as Random } from '../../../domain/seeded-random';

export function randomInt(random: Random, min: number, maxInclusive: number): number {
  return min + Math.floor(random() * (maxInclusive - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/** Box-Muller; one normal draw per call is plenty for latency sampling. */
export function normalSample(random: Random, mean: number, stddev: number): number {
  const u = Math.max(random(), Number.EPSILON);
  const v = random();
  return mean + stddev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** `count` distinct integers from [0, size), in draw order. */
export function distinctInts(random: Random, count: number, size: number): number[] {
  if (count > size) throw new Error(`cannot draw ${count} distinct values from ${size}`);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(random() * size));
  return [...chosen];
}
