import { type Random, seededRandom } from '../kernel/index.js';

/** Mixes a seed, a stream number and an index into one 32-bit seed (murmur3's finalizer). */
export function mixSeed(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A PRNG for one stream (leads, users) or one record (an account, regenerated on demand). */
export function streamRandom(seed: number, stream: number, index = 0): Random {
  return seededRandom(mixSeed(seed, stream, index));
}

/** A standard normal draw (Box–Muller). */
export function normal(rng: Random): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** True with probability `p`. */
export function chance(rng: Random, p: number): boolean {
  return rng.next() < p;
}

/** A Poisson draw (Knuth's method; fine for the small means used here). */
export function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-Math.min(mean, 30));
  let k = 0;
  let p = rng.next();
  while (p > limit) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** The logistic function. */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** A list with weights, ready for repeated weighted picks. */
export interface Weighted<T> {
  readonly items: readonly T[];
  readonly cumulative: Float64Array;
}

/** Prepares `[item, weight]` pairs for `pickWeighted`. */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  const cumulative = new Float64Array(pairs.length);
  let total = 0;
  pairs.forEach(([, w], i) => {
    total += w;
    cumulative[i] = total;
  });
  return { items: pairs.map(([item]) => item), cumulative };
}

/** The first index whose cumulative weight exceeds `x` (binary search). */
export function searchCumulative(cumulative: Float64Array, x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A weighted pick. */
export function pickWeighted<T>(rng: Random, list: Weighted<T>): T {
  const total = list.cumulative[list.cumulative.length - 1] ?? 0;
  return list.items[searchCumulative(list.cumulative, rng.next() * total)] as T;
}
