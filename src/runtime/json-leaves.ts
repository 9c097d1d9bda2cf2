import type { Json } from '../kernel/index.js';

/**
 * Every scalar of a JSON value by dotted path (array items by index). An empty object or list is
 * a leaf of its own when `emptyAsLeaf` (an edit that empties a list is a change), else it has none.
 */
export function jsonLeaves(value: Json, emptyAsLeaf: boolean): Map<string, Json> {
  const out = new Map<string, Json>();
  const walk = (v: Json, path: string) => {
    if (v !== null && typeof v === 'object' && (!emptyAsLeaf || Object.keys(v).length > 0)) {
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, x] of entries) walk(x, path ? `${path}.${k}` : k);
    } else {
      out.set(path, v);
    }
  };
  walk(value, '');
  return out;
}
