import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/** The content hash of a parsed config: sha256 of its canonical JSON, hex. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The text of `canonicalJson(value)` in pieces: arrays element by element, so a long list is never one string. */
function* canonicalJsonParts(value: unknown): Generator<string> {
  if (!Array.isArray(value)) {
    // Inside an array, what JSON cannot hold (undefined, a function) is written as null.
    yield canonicalJson(value) ?? 'null';
    return;
  }
  yield '[';
  for (let i = 0; i < value.length; i++) {
    if (i > 0) yield ',';
    yield* canonicalJsonParts(value[i]);
  }
  yield ']';
}

/**
 * `contentHash(value)` without the whole canonical text in memory at once: the same hash, for a
 * value that holds lists too long to write as one string (a plan's million patched records).
 */
export function streamedContentHash(value: unknown): string {
  const hash = createHash('sha256');
  let pending = '';
  for (const part of canonicalJsonParts(value)) {
    pending += part;
    if (pending.length >= 1 << 16) {
      hash.update(pending);
      pending = '';
    }
  }
  return hash.update(pending).digest('hex');
}

/** The short form of a version shown to people. */
export function shortVersion(hash: string): string {
  return hash.slice(0, 12);
}
