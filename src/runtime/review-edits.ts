import { type FieldEdit, type Json, type JsonObject, RevloopsError } from '../kernel/index.js';
import { canonicalJson } from '../workspace/index.js';
import { jsonLeaves } from './json-leaves.js';

/** The fields an edit changed, added or removed, by dotted path, in path order. */
export function fieldEdits(before: JsonObject, after: JsonObject): FieldEdit[] {
  const a = jsonLeaves(before, true);
  const b = jsonLeaves(after, true);
  return [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .filter(
      (p) => canonicalJson(a.get(p) ?? null) !== canonicalJson(b.get(p) ?? null) || a.has(p) !== b.has(p),
    )
    .map((path) => ({ path, from: a.get(path) ?? null, to: b.get(path) ?? null }));
}

/** A copy of an action with `path` (dotted; numbers index lists) set to `value`. */
export function setField(action: JsonObject, path: string, value: Json): JsonObject {
  const copy = structuredClone(action);
  const keys = path.split('.');
  if (keys.some((k) => k === '' || k === '__proto__' || k === 'constructor' || k === 'prototype'))
    throw new RevloopsError('USAGE', `cannot edit field '${path}'`, [
      { path, message: 'expected a dotted field path' },
    ]);
  let node: Json = copy;
  for (const [i, k] of keys.entries()) {
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      const at = Number(k);
      if (!Number.isInteger(at) || at < 0 || at > node.length)
        throw new RevloopsError(
          'USAGE',
          `${keys.slice(0, i).join('.')} is a list; ${k} is not an index in it`,
        );
      if (last) node[at] = value;
      else node = node[at] ??= {};
    } else if (node !== null && typeof node === 'object') {
      if (last) node[k] = value;
      else {
        const next: Json = node[k] ?? {};
        node[k] = next;
        node = next;
      }
    } else {
      throw new RevloopsError('USAGE', `${keys.slice(0, i).join('.')} is not an object; cannot set ${path}`);
    }
  }
  return copy;
}
