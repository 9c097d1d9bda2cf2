import { type ConfigPatch, type Json, RevloopsError } from '../kernel/index.js';
import { canonicalJson } from './canonical.js';

type Container = Json[] | { [key: string]: Json };

const isContainer = (v: unknown): v is Container => v !== null && typeof v === 'object';

/** The keys of a dotted config path (`grades.thresholds.0.min`); numbers index lists. */
export function pathKeys(path: string): string[] {
  if (path === '' || path.split('.').some((k) => k === ''))
    throw new RevloopsError('USAGE', `a config patch path must be dotted field names, got '${path}'`, [
      { path, message: 'expected a dotted path such as grades.thresholds.0.min' },
    ]);
  return path.split('.');
}

function child(node: Json | undefined, key: string): Json | undefined {
  if (Array.isArray(node)) return /^\d+$/.test(key) ? node[Number(key)] : undefined;
  if (isContainer(node)) return Object.hasOwn(node, key) ? node[key] : undefined;
  return undefined;
}

/** The value at a dotted path of a config, or undefined when there is none. */
export function valueAt(config: unknown, path: string): Json | undefined {
  let node = config as Json | undefined;
  for (const key of pathKeys(path)) node = child(node, key);
  return node;
}

/**
 * A copy of a config with the patches applied. Each patch's `from` must be what the config holds
 * now (so a patch made against an older config is refused instead of overwriting a change), and
 * its parent must exist: a list index must be inside the list, or one past its end to append.
 */
export function applyConfigPatches(config: unknown, patches: readonly ConfigPatch[]): Json {
  const copy = structuredClone(config) as Json;
  for (const p of patches) {
    const keys = pathKeys(p.path);
    const last = keys.pop() as string;
    let node: Json | undefined = copy;
    for (const k of keys) node = child(node, k);
    const current = child(node, last);
    if (canonicalJson(current ?? null) !== canonicalJson(p.from))
      throw new RevloopsError(
        'CONFLICT',
        `${p.path} is ${JSON.stringify(current ?? null)} now, not ${JSON.stringify(p.from)} as the change expects: the config changed since it was proposed`,
        [
          {
            path: p.path,
            message: `expected ${JSON.stringify(p.from)}, found ${JSON.stringify(current ?? null)}`,
          },
        ],
      );
    if (Array.isArray(node) && /^\d+$/.test(last) && Number(last) <= node.length) {
      node[Number(last)] = structuredClone(p.to);
    } else if (isContainer(node) && !Array.isArray(node)) {
      node[last] = structuredClone(p.to);
    } else {
      throw new RevloopsError('USAGE', `config path ${p.path} does not exist`, [
        { path: p.path, message: 'expected a path to a field of the config' },
      ]);
    }
  }
  return copy;
}

/** The patches that undo `patches` (to back to from), in reverse order. */
export function invertPatches(patches: readonly ConfigPatch[]): ConfigPatch[] {
  return [...patches].reverse().map((p) => ({ path: p.path, from: p.to, to: p.from }));
}
