import { monotonicFactory } from 'ulid';

// Ids need uniqueness and order, not secrecy: a fast PRNG keeps id generation off the hot path.
const next = monotonicFactory(() => Math.random());

/** A new sortable id (ULID) with a kind prefix, e.g. `dec_01J...`. */
export function newId(prefix: 'dec' | 'evt' | 'run' | 'prp', at: Date): string {
  return `${prefix}_${next(at.getTime())}`;
}

/** A new random seed for a decision (stored with it, so replay reuses it). */
export function newSeed(): number {
  return Math.floor(Math.random() * (2 ** 31 - 1));
}
