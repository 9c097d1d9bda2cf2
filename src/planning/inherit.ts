import type { Json } from '../kernel/index.js';

type Obj = { [key: string]: Json };
type Key = string | number;
const isObj = (v: Json | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Where a value of a merged scenario is written: the layer (0 = the scenario itself) and its path there. */
export interface Origin {
  layer: number;
  path: Key[];
}

/**
 * A merged value with where it is written. A value taken whole from one layer has no `parts`: its
 * parts are at the same keys under its origin. A merged map or list names the origin of each part.
 */
interface Traced {
  value: Json;
  origin: Origin;
  parts?: Map<Key, Traced>;
}

/** Layers folded into one scenario, and where each value of it is written. */
export interface Merged {
  data: Json;
  /** The layer and path that write `path` of `data`; the part of `path` past what exists is kept as it is. */
  originOf(path: readonly PropertyKey[]): Origin;
  /** Items with `remove: true` that matched no inherited item. */
  unmatchedRemovals: Origin[];
}

/** The key that names an item of a list (`id`, else `name`), so an override can replace one item. */
function keyOf(item: Json): string | undefined {
  if (!isObj(item)) return undefined;
  const k = item.id ?? item.name;
  return typeof k === 'string' ? k : undefined;
}

const own = (v: Json, key: PropertyKey): Json | undefined => {
  if (isObj(v) && typeof key === 'string') return Object.hasOwn(v, key) ? v[key] : undefined;
  if (Array.isArray(v) && typeof key === 'number') return v[key];
  return undefined;
};

function partOf(t: Traced, key: PropertyKey): Traced | undefined {
  if (t.parts) return t.parts.get(key as Key);
  const value = own(t.value, key);
  return value === undefined
    ? undefined
    : { value, origin: { layer: t.origin.layer, path: [...t.origin.path, key as Key] } };
}

function mergeMaps(base: Traced & { value: Obj }, over: Traced & { value: Obj }, removals: Origin[]): Traced {
  const parts = new Map<Key, Traced>();
  for (const k of Object.keys(base.value)) parts.set(k, partOf(base, k) as Traced);
  for (const k of Object.keys(over.value)) {
    const from = partOf(over, k) as Traced;
    const before = parts.get(k);
    parts.set(k, before === undefined ? from : merge(before, from, removals));
  }
  // fromEntries defines own properties, so a key such as __proto__ stays data.
  const value = Object.fromEntries([...parts].map(([k, t]) => [k, t.value])) as Obj;
  return { value, origin: over.origin, parts };
}

function mergeLists(base: Traced & { value: Json[] }, over: Traced & { value: Json[] }, removals: Origin[]) {
  if (!over.value.every((i) => keyOf(i) !== undefined) || !base.value.every((i) => keyOf(i) !== undefined))
    return over;
  // Items keep their place; an id listed twice in one layer stays twice, so the check reports it.
  type Entry = { key: string; item: Traced; kept: boolean };
  const out: Entry[] = base.value.map((v, i) => ({
    key: keyOf(v) as string,
    item: partOf(base, i) as Traced,
    kept: true,
  }));
  const inherited = new Map<string, Entry[]>();
  for (const e of out) inherited.set(e.key, [...(inherited.get(e.key) ?? []), e]);
  const written = new Set<string>();
  over.value.forEach((v, i) => {
    const key = keyOf(v) as string;
    const item = partOf(over, i) as Traced;
    const before = inherited.get(key) ?? [];
    if (isObj(v) && v.remove === true) {
      if (before.length === 0) removals.push(item.origin);
      for (const e of before) e.kept = false;
      inherited.delete(key);
    } else if (before[0] && !written.has(key)) {
      before[0].item = merge(before[0].item, item, removals);
      written.add(key);
    } else {
      out.push({ key, item, kept: true });
      written.add(key);
    }
  });
  const kept = out.filter((e) => e.kept);
  return {
    value: kept.map((e) => e.item.value),
    origin: over.origin,
    parts: new Map<Key, Traced>(kept.map((e, i) => [i, e.item])),
  };
}

function merge(base: Traced, over: Traced, removals: Origin[]): Traced {
  if (isObj(base.value) && isObj(over.value))
    return mergeMaps(base as Traced & { value: Obj }, over as Traced & { value: Obj }, removals);
  if (Array.isArray(base.value) && Array.isArray(over.value))
    return mergeLists(base as Traced & { value: Json[] }, over as Traced & { value: Json[] }, removals);
  return over;
}

/**
 * Folds a scenario and what it inherits into one: `layers[0]` is the scenario itself, each next one
 * what the previous inherits from. Maps merge field by field, lists of items with an `id` (or
 * `name`) merge item by item (an item with `remove: true` drops the inherited one), any other value
 * replaces the inherited one. Pure.
 */
export function mergeLayers(layers: readonly Json[]): Merged {
  const removals: Origin[] = [];
  const traced = layers
    .map((value, layer): Traced => ({ value, origin: { layer, path: [] } }))
    .reduceRight<Traced | undefined>((base, over) => (base ? merge(base, over, removals) : over), undefined);
  const root: Traced = traced ?? { value: {}, origin: { layer: 0, path: [] } };
  const originOf = (path: readonly PropertyKey[]): Origin => {
    let at = root;
    let i = 0;
    for (; i < path.length; i++) {
      const next = partOf(at, path[i] as PropertyKey);
      if (!next) break;
      at = next;
    }
    return { layer: at.origin.layer, path: [...at.origin.path, ...(path.slice(i) as Key[])] };
  };
  return { data: root.value, originOf, unmatchedRemovals: removals };
}

/** A scenario overridden by another (see `mergeLayers`). Pure. */
export function overlay(base: Json, over: Json): Json {
  return mergeLayers([over, base]).data;
}
