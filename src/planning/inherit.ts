import type { Json } from '../kernel/index.js';

type Obj = { [key: string]: Json };
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The key that names an item of a list (`id`, else `name`), so an override can replace one item. */
function keyOf(item: Json): string | undefined {
  if (!isObj(item)) return undefined;
  const k = item.id ?? item.name;
  return typeof k === 'string' ? k : undefined;
}

function mergeLists(base: Json[], over: Json[]): Json[] {
  if (!over.every((i) => keyOf(i) !== undefined) || !base.every((i) => keyOf(i) !== undefined)) return over;
  const out = new Map<string, Json>(base.map((i) => [keyOf(i) as string, i]));
  for (const item of over) {
    const key = keyOf(item) as string;
    if (isObj(item) && item.remove === true) {
      out.delete(key);
      continue;
    }
    const before = out.get(key);
    out.set(key, before === undefined ? item : overlay(before, item));
  }
  return [...out.values()];
}

/**
 * A scenario overridden by another: maps merge field by field, lists of items with an `id` (or
 * `name`) merge item by item (an item with `remove: true` drops the inherited one), any other
 * value replaces the inherited one. Pure.
 */
export function overlay(base: Json, over: Json): Json {
  if (isObj(base) && isObj(over)) {
    const out: Obj = { ...base };
    for (const [k, v] of Object.entries(over)) out[k] = k in base ? overlay(base[k] as Json, v) : v;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over)) return mergeLists(base, over);
  return over;
}
