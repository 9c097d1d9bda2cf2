import { directReader } from './condition-values.js';

/** Reads a subject's fields into `row`, from `at` on. */
type RowChunk = (subject: Record<string, unknown>, row: unknown[], at: number) => void;

/** The 8 names a chunk reads. */
type Names = readonly [string, string, string, string, string, string, string, string];

/**
 * Identical readers of 8 properties, as separate function literals. V8 keeps type feedback per
 * literal, so a read site that only ever sees one property name stays monomorphic: a copy used
 * by one rule set reads its 8 fields at the cost of one call, where a shared reader would go
 * megamorphic (several times slower per read). Copies are handed out round robin; once they are
 * all taken, sharing one only costs speed.
 */
// biome-ignore format: one copy per line keeps the copies visibly identical.
const CHUNKS: readonly ((names: Names) => RowChunk)[] = [
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
  ([a, b, c, d, e, f, g, h]) => (o, r, at) => { r[at] = o[a]; r[at + 1] = o[b]; r[at + 2] = o[c]; r[at + 3] = o[d]; r[at + 4] = o[e]; r[at + 5] = o[f]; r[at + 6] = o[g]; r[at + 7] = o[h]; },
];

let next = 0;

/**
 * A reader of several top-level properties at once (names no object inherits, see directKey),
 * into a row: one call per 8 names, and one per name left over.
 */
export function rowReader(keys: readonly string[]): (subject: unknown, row: unknown[]) => void {
  const whole = keys.length - (keys.length % 8);
  const chunks: RowChunk[] = [];
  for (let at = 0; at < whole; at += 8)
    chunks.push(
      (CHUNKS[next++ % CHUNKS.length] as (names: Names) => RowChunk)(
        keys.slice(at, at + 8) as unknown as Names,
      ),
    );
  const rest = keys.slice(whole).map(directReader);
  const isObject = (s: unknown): s is Record<string, unknown> => s !== null && typeof s === 'object';
  return (s, row) => {
    if (!isObject(s)) {
      row.fill(undefined);
      return;
    }
    for (let c = 0; c < chunks.length; c++) (chunks[c] as RowChunk)(s, row, c * 8);
    for (let k = 0; k < rest.length; k++) row[whole + k] = (rest[k] as (s: unknown) => unknown)(s);
  };
}
