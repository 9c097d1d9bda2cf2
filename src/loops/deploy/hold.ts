import {
  type DesiredRecord,
  type Json,
  type JsonObject,
  type LoopContext,
  MANAGED_BY,
  MANAGED_FIELDS,
  managedFieldsOf,
  type StoredRecord,
} from '../../kernel/index.js';
import type { DeployConfig } from './config.js';

/** A change of structure or of a person's territory that waits for the scenario's effective date. */
export interface HeldChange {
  kind: 'territory' | 'pool' | 'user';
  id: string;
  op: 'create' | 'update' | 'delete';
  fields: string[];
  effective: string;
}

/** The kinds deploy owns (territories, pools, planned hires), in the order they are laid down. */
const STRUCTURE = ['territory', 'pool', 'user'] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields that differ between two sets of values (only those `wanted` names, for patches). */
function differing(now: JsonObject, wanted: JsonObject, keys = Object.keys(wanted)): string[] {
  return keys.filter((k) => !same(now[k], wanted[k])).sort();
}

/**
 * The fields of a record deploy laid down that are deploy's: the ones the runtime lists as set by
 * it. A record from before that list was kept has the fields the plan wants on it (or all of its
 * fields when the plan wants it no more), so a field another loop wrote is never taken for deploy's.
 */
function deployFields(r: StoredRecord, wanted: DesiredRecord | undefined): string[] {
  const listed = managedFieldsOf(r.values);
  if (listed) return listed;
  const keys = Object.keys(r.values).filter((k) => k !== MANAGED_BY && k !== MANAGED_FIELDS);
  return wanted ? keys.filter((k) => Object.hasOwn(wanted.values, k)) : keys;
}

/** The structure deploy laid down, as desired records of deploy's own fields (nothing when it owns none yet). */
export async function ownedStructure(
  ctx: LoopContext<DeployConfig>,
  wanted: readonly DesiredRecord[],
): Promise<DesiredRecord[]> {
  const byKey = new Map(wanted.map((w) => [`${w.kind}:${w.id}`, w]));
  const out: DesiredRecord[] = [];
  for (const kind of STRUCTURE)
    for (const r of await ctx.records.find(kind, { [MANAGED_BY]: ctx.loop })) {
      const values: JsonObject = {};
      for (const f of deployFields(r, byKey.get(`${kind}:${r.id}`)))
        if (Object.hasOwn(r.values, f)) values[f] = r.values[f] as Json;
      out.push({ kind, id: r.id, values });
    }
  return out;
}

/**
 * What the plan would change in the structure in force, held until `effective`: the structure stays
 * as it is, and every difference is listed instead.
 */
export function heldStructure(
  owned: readonly DesiredRecord[],
  wanted: readonly DesiredRecord[],
  effective: string,
): HeldChange[] {
  const key = (r: DesiredRecord) => `${r.kind}:${r.id}`;
  const now = new Map(owned.map((r) => [key(r), r]));
  const next = new Map(wanted.map((r) => [key(r), r]));
  const held: HeldChange[] = [];
  for (const k of new Set([...now.keys(), ...next.keys()])) {
    const a = now.get(k);
    const b = next.get(k);
    const ref = (a ?? b) as DesiredRecord;
    const kind = ref.kind as HeldChange['kind'];
    if (!a) held.push({ kind, id: ref.id, op: 'create', fields: [], effective });
    else if (!b) held.push({ kind, id: ref.id, op: 'delete', fields: [], effective });
    else {
      const av = a.values as JsonObject;
      const bv = b.values as JsonObject;
      const fields = differing(av, bv, [...new Set([...Object.keys(av), ...Object.keys(bv)])]);
      if (fields.length > 0) held.push({ kind, id: ref.id, op: 'update', fields, effective });
    }
  }
  return held;
}

/** A person's territory patch held until `effective`, or null when it changes nothing. */
export function heldPatch(user: StoredRecord, patch: JsonObject, effective: string): HeldChange | null {
  const fields = differing(user.values, patch);
  return fields.length === 0 ? null : { kind: 'user', id: user.id, op: 'update', fields, effective };
}
