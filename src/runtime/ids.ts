import { randomInt } from 'node:crypto';
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** A new sortable id (ULID) with a kind prefix, e.g. `dec_01J...`. */
export function newId(prefix: 'dec' | 'evt' | 'run', at: Date): string {
  return `${prefix}_${next(at.getTime())}`;
}

/** A new random seed for a decision (stored with it, so replay reuses it). */
export function newSeed(): number {
  return randomInt(0, 2 ** 31 - 1);
}
