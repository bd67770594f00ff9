/**
 * mulberry32: a tiny 32-bit PRNG, the one seeded random source of the project (road networks,
 * the simulator's world and its fault draws). Its integer arithmetic (Math.imul, shifts) gives
 * the same sequence on every platform and thread, so everything generated from a seed is
 * reproducible. Not for anything secret.
 */
export type RandomSource = () => number;

export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function randomBetween(random: RandomSource, min: number, max: number): number {
  return min + (max - min) * random();
}
