import type { RandomSource } from '../shared/seeded-random';

export { createSeededRandom, type RandomSource } from '../shared/seeded-random';

export function randomBetween(random: RandomSource, min: number, max: number): number {
  return min + (max - min) * random();
}
