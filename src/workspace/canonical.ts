import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level: the same data always gives the same text. It is
 * `JSON.stringify` of the value with every object's keys sorted (so an object with a `toJSON`,
 * such as a Date, writes its own keys, `{}`), written directly instead of through a sorted copy.
 */
export function canonicalJson(value: unknown): string {
  // A value JSON cannot write at the top (undefined, a function, a symbol) gives undefined, as
  // JSON.stringify does.
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
    return undefined as unknown as string;
  return written(value);
}

/**
 * The definition of canonical JSON: JSON.stringify of this copy with every object's keys sorted.
 * `canonicalJson` writes the same text directly; it takes the copy only for the rare object that
 * writes itself (an own toJSON).
 */
export function sortedCopy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedCopy);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortedCopy(v);
    }
    return out;
  }
  return value;
}

/** Whether a key is an array index, which objects list first, in numeric order, whatever the insertion. */
const isIndex = (key: string) => /^(0|[1-9]\d*)$/.test(key) && Number(key) < 4_294_967_295;

/**
 * An object's keys in the order an object given them sorted lists them: array indices first in
 * numeric order (Object.keys already lists them so), then the others sorted.
 */
function sortedKeys(value: object): string[] {
  const keys = Object.keys(value);
  let indices = 0;
  while (indices < keys.length && isIndex(keys[indices] as string)) indices++;
  if (indices === 0) return keys.sort();
  return [...keys.slice(0, indices), ...keys.slice(indices).sort()];
}

/** The canonical text of a value JSON can write. */
function written(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i];
      out += v === undefined || typeof v === 'function' || typeof v === 'symbol' ? 'null' : written(v);
    }
    return `${out}]`;
  }
  // An own toJSON decides what the object writes, as JSON.stringify would have it of the sorted copy.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function' && Object.hasOwn(value, 'toJSON'))
    return JSON.stringify(sortedCopy(value));
  const keys = sortedKeys(value);
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    // A key `__proto__` of its own (JSON.parse makes one) is not a field of the sorted copy.
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol' || key === '__proto__') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${written(v)}`;
    first = false;
  }
  return `${out}}`;
}

/** The content hash of a parsed config: sha256 of its canonical JSON, hex. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * Writes the text of `canonicalJson(value)` to `write` in pieces: arrays element by element, so a
 * long list is never one string.
 */
function writeCanonical(value: unknown, write: (text: string) => void): void {
  if (!Array.isArray(value)) {
    // Inside an array, what JSON cannot hold (undefined, a function) is written as null.
    write(canonicalJson(value) ?? 'null');
    return;
  }
  write('[');
  for (let i = 0; i < value.length; i++) {
    if (i > 0) write(',');
    writeCanonical(value[i], write);
  }
  write(']');
}

/** A sha256 of text written in pieces, hashed 64 KiB at a time. */
export class StreamedHash {
  private readonly hash = createHash('sha256');
  private pending = '';

  /** Adds text as it is. */
  write(text: string): this {
    this.pending += text;
    if (this.pending.length >= 1 << 16) {
      this.hash.update(this.pending);
      this.pending = '';
    }
    return this;
  }

  /** Adds the canonical JSON of a value, a long list a piece at a time. */
  value(value: unknown): this {
    writeCanonical(value, (part) => this.write(part));
    return this;
  }

  /** The hash, hex. */
  digest(): string {
    return this.hash.update(this.pending).digest('hex');
  }
}

/**
 * `contentHash(value)` without the whole canonical text in memory at once: the same hash, for a
 * value that holds lists too long to write as one string (a plan's million patched records).
 */
export function streamedContentHash(value: unknown): string {
  return new StreamedHash().value(value).digest();
}

/** The short form of a version shown to people. */
export function shortVersion(hash: string): string {
  return hash.slice(0, 12);
}
