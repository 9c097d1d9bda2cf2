import {
  type AnyLoop,
  type Decision,
  type DesiredRecord,
  desiredStateOf,
  type Effect,
  Interner,
  type Json,
  type JsonObject,
  MANAGED_BY,
  MANAGED_FIELDS,
  managedFieldsOf,
  RECORD_KINDS,
  type RecordedRead,
  type RecordFilter,
  type RecordKind,
  RevloopsError,
  type StoredRecord,
} from '../kernel/index.js';
import { Scenario } from '../planning/scenario.js';
import {
  countRecords,
  type Db,
  eachRecordValues,
  findRecords,
  getRecord,
  insertRun,
  type Store,
} from '../store/index.js';
import { canonicalJson, type LoadedLoop, StreamedHash, streamedContentHash } from '../workspace/index.js';
import { EffectBatch } from './apply-effects.js';
import type { Engine } from './engine.js';
import { newId } from './ids.js';
import { readOfKey } from './recording.js';
import { runRecorded } from './run-recorded.js';
import { resolveScenario, validateScenario } from './scenarios.js';

/** One change of a plan, with the record before and after. */
export interface PlanChange {
  op: 'create' | 'update' | 'delete';
  kind: RecordKind;
  id: string;
  before: JsonObject | null;
  after: JsonObject | null;
  /** Fields that change (updates only). */
  fields: string[];
  /** A change to some fields of a record the loop does not own: only they are compared and written. */
  patch?: true;
}

/** A saved plan: exactly what apply will do, and the state it was computed against. */
export interface Plan {
  format: 'revloops.plan/1';
  loop: string;
  loopVersion: string;
  configVersion: string;
  baseHash: string;
  createdAt: string;
  summary: { create: number; update: number; delete: number };
  changes: PlanChange[];
  /** The decision that computed the desired state; stored when the plan is applied. */
  decision: Decision;
}

function materializeKinds(loop: AnyLoop): readonly RecordKind[] {
  const trigger = loop.triggers.find((t) => t.kind === 'materialize');
  if (trigger?.kind !== 'materialize')
    throw new RevloopsError('USAGE', `loop ${loop.name} is not a materialized loop`);
  return trigger.kinds;
}

async function currentState(
  db: Db,
  dialect: Store['dialect'],
  loop: AnyLoop,
): Promise<Map<string, { kind: RecordKind; id: string; values: JsonObject }>> {
  const out = new Map<string, { kind: RecordKind; id: string; values: JsonObject }>();
  for (const kind of materializeKinds(loop)) {
    for (const r of await findRecords(db, dialect, kind, { [MANAGED_BY]: loop.name }))
      out.set(`${kind}:${r.id}`, { kind, id: r.id, values: r.values });
  }
  return out;
}

function stateHash(state: Map<string, { values: JsonObject }>): string {
  return streamedContentHash(
    [...state.entries()].sort(([a], [b]) => byCodeUnits(a, b)).map(([k, v]) => [k, v.values]),
  );
}

/**
 * The active scenario the workspace names, for a materialized loop's input (nothing when none is
 * named). It is checked first, so a bad value is reported at the file and line where it is written.
 */
function activeScenario(engine: Engine): { scenario?: Json } {
  const name = engine.workspace.config.scenario;
  if (!name) return {};
  const resolved = resolveScenario(engine.workspace.dir, name);
  validateScenario(resolved, Scenario);
  return { scenario: resolved.data };
}

/**
 * The ids of some items, sorted, found by binary search: a set of a million ids in a few megabytes
 * of positions instead of a million map entries. Items that share an id sit next to each other.
 */
class SortedIds<T extends { id: string }> {
  readonly size: number;
  private readonly order: Int32Array;

  constructor(
    private readonly items: readonly T[],
    positions: readonly number[],
  ) {
    const id = (i: number) => (items[i] as T).id;
    // Items usually come in id order already, which the sort takes in one pass.
    this.order = Int32Array.from(positions).sort((a, b) => {
      const x = id(a);
      const y = id(b);
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    let distinct = 0;
    for (let k = 0; k < this.order.length; k++)
      if (k === 0 || id(this.order[k] as number) !== id(this.order[k - 1] as number)) distinct++;
    this.size = distinct;
  }

  /** The first place in the order of an item with this id, or -1. */
  private first(id: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.items[this.order[mid] as number] as T).id < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < this.order.length && (this.items[this.order[lo] as number] as T).id === id ? lo : -1;
  }

  has(id: string): boolean {
    return this.first(id) >= 0;
  }

  /** The items with this id, by position. */
  positions(id: string): number[] {
    const out: number[] = [];
    for (let k = this.first(id); k >= 0 && k < this.order.length; k++) {
      const i = this.order[k] as number;
      if ((this.items[i] as T).id !== id) break;
      out.push(i);
    }
    return out;
  }

  *keys(): IterableIterator<string> {
    let last: string | undefined;
    for (const i of this.order) {
      const id = (this.items[i] as T).id;
      if (id !== last) yield id;
      last = id;
    }
  }
}

/**
 * `fn` of each item and the values of the stored record it names (null when there is none), in the
 * items' order. Records are read in bulk per kind and only the one in hand is held, not all of them.
 */
async function mapStored<T extends { kind: RecordKind; id: string }, R>(
  db: Db,
  items: readonly T[],
  fn: (item: T, values: JsonObject | null) => R,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  const done = new Uint8Array(items.length);
  const byKind = new Map<RecordKind, number[]>();
  for (let i = 0; i < items.length; i++) {
    const kind = (items[i] as T).kind;
    const list = byKind.get(kind);
    if (list) list.push(i);
    else byKind.set(kind, [i]);
  }
  for (const [kind, positions] of byKind) {
    const ids = new SortedIds(items, positions);
    await eachRecordValues(db, kind, ids, (id, values) => {
      for (const i of ids.positions(id)) {
        if (done[i]) continue;
        done[i] = 1;
        out[i] = fn(items[i] as T, values);
      }
    });
    for (const i of positions) if (!done[i]) out[i] = fn(items[i] as T, null);
  }
  return out;
}

/** The changes of field patches on records the loop does not own: each compares only the patched fields. */
async function patchChanges(db: Db, patches: readonly DesiredRecord[]): Promise<PlanChange[]> {
  // Records that have none of the patched fields yet (accounts never assigned) share one `before`;
  // the others share the strings their values repeat (owner and territory ids).
  let blank: { keys: string[]; before: JsonObject } | null = null;
  const strings = new Interner();
  const changes = await mapStored(db, patches, (p, values): PlanChange | null => {
    if (!values) return null;
    const keys = Object.keys(p.values);
    let before: JsonObject;
    if (keys.every((k) => (values[k] ?? null) === null)) {
      if (!blank || blank.keys.length !== keys.length || blank.keys.some((k, i) => k !== keys[i]))
        blank = { keys, before: Object.freeze(Object.fromEntries(keys.map((k) => [k, null]))) };
      before = blank.before;
    } else {
      before = {};
      for (const k of keys) before[k] = strings.of(values[k] ?? null);
    }
    return diffRecord(p.kind, p.id, before, p.values as JsonObject, true);
  });
  const out: PlanChange[] = [];
  for (const c of changes) if (c !== null) out.push(c);
  return out;
}

/** The patched changes with `before` read again now, to tell whether their records moved since the plan. */
async function refreshed(db: Db, changes: readonly PlanChange[]): Promise<PlanChange[]> {
  return mapStored(
    db,
    changes.filter((c) => c.patch),
    (c, values) => {
      const before: JsonObject = {};
      for (const k of Object.keys(c.after ?? {})) before[k] = values?.[k] ?? null;
      return { ...c, before };
    },
  );
}

/**
 * The state a plan was made on: the records the loop owns and the patched fields of the others,
 * `streamedContentHash([stateHash(current), [[kind:id, before], ...]])` written change by change
 * (the state's hash alone when nothing is patched).
 */
function baseHashOf(current: Map<string, { values: JsonObject }>, changes: readonly PlanChange[]): string {
  const state = stateHash(current);
  const hash = new StreamedHash();
  let patched = 0;
  for (const c of changes) {
    if (!c.patch) continue;
    hash.write(patched++ === 0 ? `[${JSON.stringify(state)},[` : ',');
    hash.write(`[${JSON.stringify(`${c.kind}:${c.id}`)},${canonicalJson(c.before) ?? 'null'}]`);
  }
  return patched === 0 ? state : hash.write(']]').digest();
}

/** The fields whose values differ between two versions of a record (all of them when one is missing). */
function changedFields(before: JsonObject | null, after: JsonObject | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  return [...keys].filter((k) => !sameJson(before?.[k], after?.[k])).sort();
}

/** What changed in one record a plan read, for the refusal. */
function recordMoved(kind: string, id: string, before: JsonObject | null, now: JsonObject | null): string {
  if (before === null) return `${kind} ${id} was added since the plan`;
  if (now === null) return `${kind} ${id} was removed since the plan`;
  return `${kind} ${id} changed since the plan (${changedFields(before, now).join(', ')})`;
}

/**
 * The first record read by the plan's decision that reads differently now (null when none does).
 * Reads are made again with the plan's arguments; a find of every account is checked a few hundred
 * records at a time against the kept result, so only the kept copy is held.
 */
export async function movedRead(
  db: Db,
  dialect: Store['dialect'],
  reads: readonly RecordedRead[],
): Promise<string | null> {
  for (const read of reads) {
    const named = readOfKey(read.key);
    if (!named) continue; // lookups (files, HTTP) are not records of the store
    const { op, kind, args } = named;
    const kept = read.result;
    if (op === 'get') {
      const was = kept as unknown as StoredRecord | null;
      const now = await getRecord(db, kind, args as string);
      if (!sameJson(was?.values ?? null, now?.values ?? null))
        return recordMoved(kind, args as string, was?.values ?? null, now?.values ?? null);
    } else if (op === 'count') {
      const now = await countRecords(db, dialect, kind, args as RecordFilter);
      if (now !== kept)
        return `the number of ${kind} records changed since the plan (${String(kept)} → ${now})`;
    } else {
      const { filter, limit, after } = args as { filter: RecordFilter; limit: number | null; after?: string };
      const moved = await movedFind(
        db,
        dialect,
        kind,
        filter,
        limit,
        after,
        kept as unknown as StoredRecord[],
      );
      if (moved) return moved;
    }
  }
  return null;
}

/** Whether a find reads differently now: same records, same values, none added. */
async function movedFind(
  db: Db,
  dialect: Store['dialect'],
  kind: RecordKind,
  filter: RecordFilter,
  limit: number | null,
  after: string | undefined,
  kept: readonly StoredRecord[],
): Promise<string | null> {
  const at = new Map(kept.map((r, i) => [r.id, i]));
  if (limit !== null) {
    // A limited find (or a page of a scan) is small; a record added before the others would push
    // one out, so read it whole.
    const now = await findRecords(db, dialect, kind, filter, limit, after);
    const added: StoredRecord[] = [];
    for (const r of now) {
      const i = at.get(r.id);
      if (i === undefined) {
        added.push(r);
        continue;
      }
      const was = (kept[i] as StoredRecord).values;
      if (!sameJson(was, r.values)) return recordMoved(kind, r.id, was, r.values);
      at.delete(r.id);
    }
    // A kept record missing now was removed, or changed so the filter no longer takes it; only
    // when it is still there as it was did a record added before it push it out of the page.
    for (const [id, i] of at) {
      const stored = await getRecord(db, kind, id);
      const was = (kept[i] as StoredRecord).values;
      if (!stored || !sameJson(was, stored.values)) return recordMoved(kind, id, was, stored?.values ?? null);
    }
    const first = added[0];
    if (first) return recordMoved(kind, first.id, null, first.values);
  } else {
    let moved: string | null = null;
    await eachRecordValues(db, kind, at, (id, values) => {
      const i = at.get(id);
      if (i === undefined) return;
      const was = (kept[i] as StoredRecord).values;
      if (!moved && !sameJson(was, values)) moved = recordMoved(kind, id, was, values);
      at.delete(id);
    });
    if (moved) return moved;
  }
  for (const [id, i] of at) return recordMoved(kind, id, (kept[i] as StoredRecord).values, null);
  // Every kept record still reads the same, so still matches the filter: any more are new ones.
  if (limit === null && (await countRecords(db, dialect, kind, filter)) !== kept.length)
    return `${kind} records were added since the plan`;
  return null;
}

/**
 * Whether two values write the same canonical JSON. Equal values do; strings, booleans, null and
 * missing values that differ do not; numbers (NaN and infinities write null) and objects are
 * compared by their canonical text.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const plain = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'number');
  if (plain(a) && plain(b)) return false;
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A record the loop owns as the loop wants it: its fields as desired, a field it set before and
 * wants no more removed, and the fields it never set (another loop's, an import's) kept as they
 * are. A record from before the list was kept loses none of its fields.
 */
function ownedRecord(loop: string, current: JsonObject | null, desired: JsonObject): JsonObject {
  const fields = Object.keys(desired)
    .filter((f) => f !== MANAGED_BY && f !== MANAGED_FIELDS)
    .sort();
  const out: JsonObject = {};
  if (current) {
    const mine = new Set([...(managedFieldsOf(current) ?? []), ...fields, MANAGED_BY, MANAGED_FIELDS]);
    for (const [k, v] of Object.entries(current)) if (!mine.has(k)) out[k] = v;
  }
  for (const [k, v] of Object.entries(desired)) if (k !== MANAGED_BY && k !== MANAGED_FIELDS) out[k] = v;
  out[MANAGED_BY] = loop;
  out[MANAGED_FIELDS] = fields;
  return out;
}

/**
 * The change that brings a record the loop owns to what it wants (null: none). A record from
 * before the field list was kept gets the list with its next real change, not as a change alone.
 */
export function ownedChange(
  loop: string,
  kind: RecordKind,
  id: string,
  current: JsonObject | null,
  desired: JsonObject | null,
): PlanChange | null {
  const after = desired ? ownedRecord(loop, current, desired) : null;
  const change = diffRecord(kind, id, current, after);
  if (change?.op === 'update' && current && managedFieldsOf(current) === null)
    return change.fields.every((f) => f === MANAGED_FIELDS) ? null : change;
  return change;
}

/**
 * One array per distinct list of changed fields: a plan that moves a million accounts holds a few
 * lists of field names, not a million copies of the same one. Bounded, so odd lists do not pile up.
 */
const fieldLists = new Map<string, readonly string[]>();

function sharedFields(fields: string[]): string[] {
  const key = JSON.stringify(fields);
  const known = fieldLists.get(key);
  if (known) return known as string[];
  if (fieldLists.size >= 1_000) fieldLists.clear();
  fieldLists.set(key, fields);
  return fields;
}

/** The fields whose values differ between two versions of a record, sorted. */
function differing(before: JsonObject, desired: JsonObject): string[] {
  const out: string[] = [];
  for (const f of Object.keys(before)) if (!sameJson(before[f], desired[f])) out.push(f);
  for (const f of Object.keys(desired))
    if (!Object.hasOwn(before, f) && !sameJson(undefined, desired[f])) out.push(f);
  return out.sort();
}

/**
 * The change that turns `before` into `desired` (both null-able); null when nothing changes. A
 * `patch` change is one of some fields of a record the loop does not own.
 */
export function diffRecord(
  kind: RecordKind,
  id: string,
  before: JsonObject | null,
  desired: JsonObject | null,
  patch = false,
): PlanChange | null {
  if (before === null && desired === null) return null;
  if (before === null)
    return {
      op: 'create',
      kind,
      id,
      before: null,
      after: desired,
      fields: Object.keys(desired ?? {}).sort(),
      ...(patch ? { patch: true as const } : {}),
    };
  if (desired === null)
    return {
      op: 'delete',
      kind,
      id,
      before,
      after: null,
      fields: [],
      ...(patch ? { patch: true as const } : {}),
    };
  const fields = differing(before, desired);
  if (fields.length === 0) return null;
  const change: PlanChange = { op: 'update', kind, id, before, after: desired, fields: sharedFields(fields) };
  if (patch) change.patch = true;
  return change;
}

function depth(
  values: JsonObject | null,
  byId: Map<string, JsonObject | null>,
  seen = new Set<string>(),
): number {
  const parent = values?.parentId;
  if (typeof parent !== 'string' || !byId.has(parent) || seen.has(parent)) return 0;
  seen.add(parent);
  return 1 + depth(byId.get(parent) ?? null, byId, seen);
}

/**
 * Strings in code-unit order: the same on every machine, whatever its locale (a plan made on one
 * machine is applied on another), and a plain comparison of a million ids, not a collation.
 */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders changes: structure before assignments (the loop's kind order), parents before children, deletes last in reverse. */
function order(changes: PlanChange[], kinds: readonly RecordKind[]): PlanChange[] {
  // Patches of records the loop does not own (assignments) come after all of its structure.
  const rank = (c: PlanChange) =>
    c.patch ? kinds.length + RECORD_KINDS.indexOf(c.kind) : kinds.indexOf(c.kind);
  // Parents are looked up only among kinds that have them, not among a million account patches.
  const parented = new Set<RecordKind>();
  for (const c of changes) if (typeof (c.after ?? c.before)?.parentId === 'string') parented.add(c.kind);
  const byKind = new Map<RecordKind, Map<string, JsonObject | null>>();
  for (const c of changes) {
    if (!parented.has(c.kind)) continue;
    const m = byKind.get(c.kind) ?? new Map();
    m.set(c.id, c.after ?? c.before);
    byKind.set(c.kind, m);
  }
  const none = new Map<string, JsonObject | null>();
  // Rank, depth and kind of step once per change, in typed arrays: positions are sorted, not a
  // million objects made to sort them by.
  const ranks = new Int32Array(changes.length);
  const depths = new Int32Array(changes.length);
  const upserts: number[] = [];
  const deletes: number[] = [];
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i] as PlanChange;
    ranks[i] = rank(c);
    depths[i] = parented.has(c.kind) ? depth(c.after ?? c.before, byKind.get(c.kind) ?? none) : 0;
    (c.op === 'delete' ? deletes : upserts).push(i);
  }
  const id = (i: number) => (changes[i] as PlanChange).id;
  const rankOf = (i: number) => ranks[i] as number;
  const depthOf = (i: number) => depths[i] as number;
  upserts.sort((a, b) => rankOf(a) - rankOf(b) || depthOf(a) - depthOf(b) || byCodeUnits(id(a), id(b)));
  deletes.sort((a, b) => rankOf(b) - rankOf(a) || depthOf(b) - depthOf(a) || byCodeUnits(id(a), id(b)));
  const out = new Array<PlanChange>(changes.length);
  let n = 0;
  for (const i of upserts) out[n++] = changes[i] as PlanChange;
  for (const i of deletes) out[n++] = changes[i] as PlanChange;
  return out;
}

/** How many changes of each kind a plan makes. */
function summaryOf(changes: readonly PlanChange[]): Plan['summary'] {
  const summary = { create: 0, update: 0, delete: 0 };
  for (const c of changes) summary[c.op]++;
  return summary;
}

/** Runs a materialized loop to get its desired state and diffs it against the records it owns. */
export async function planLoop(engine: Engine, loaded: LoadedLoop, now: Date): Promise<Plan> {
  const { store } = engine;
  const kinds = materializeKinds(loaded.loop);
  const { decision, result } = await runRecorded(engine, loaded, {
    input: { loop: loaded.name, requestedAt: now.toISOString(), ...activeScenario(engine) },
    subject: `loop:${loaded.name}`,
    now,
    eventType: 'materialize.plan',
  });
  const desired = desiredStateOf(result.decided.output);
  const current = await currentState(store.db, store.dialect, loaded.loop);
  const wanted = new Map<string, { kind: RecordKind; id: string; values: JsonObject }>();
  for (const r of desired.records) {
    if (!kinds.includes(r.kind))
      throw new RevloopsError(
        'CONTRACT_VIOLATION',
        `loop ${loaded.name} wants a ${r.kind} record but owns only ${kinds.join(', ')}`,
      );
    const key = `${r.kind}:${r.id}`;
    if (wanted.has(key))
      throw new RevloopsError('CONTRACT_VIOLATION', `loop ${loaded.name} wants ${key} twice`);
    wanted.set(key, { kind: r.kind, id: r.id, values: r.values as JsonObject });
  }
  const changes: PlanChange[] = [];
  for (const key of new Set([...current.keys(), ...wanted.keys()])) {
    const c = current.get(key);
    const w = wanted.get(key);
    const ref = (c ?? w) as { kind: RecordKind; id: string };
    const change = ownedChange(loaded.name, ref.kind, ref.id, c?.values ?? null, w?.values ?? null);
    if (change) changes.push(change);
  }
  // A loop, not push(...): a plan can patch a million accounts, more than a call's arguments hold.
  for (const c of await patchChanges(store.db, desired.patches)) changes.push(c);
  const ordered = order(changes, kinds);
  return {
    format: 'revloops.plan/1',
    loop: loaded.name,
    loopVersion: loaded.loop.version,
    configVersion: loaded.version,
    baseHash: baseHashOf(current, ordered),
    createdAt: now.toISOString(),
    summary: summaryOf(ordered),
    changes: ordered,
    decision,
  };
}

/** The effect that applies one change. */
function changeEffect(decisionId: string, change: PlanChange): Effect {
  return {
    kind: 'record_write',
    id: `${decisionId}.1`,
    record: change.kind,
    recordId: change.id,
    op: change.op === 'delete' ? 'delete' : change.patch ? 'patch' : 'upsert',
    values: change.after ?? {},
  };
}

/** The parts of an applied change's decision; replay recomputes them from the decision's input. */
export function changeDecisionParts(id: string, planDecisionId: string, change: PlanChange) {
  return {
    output: change as unknown as Json,
    effects: [changeEffect(id, change)],
    trace: [
      {
        kind: 'step' as const,
        name: `${change.op} ${change.kind} ${change.id}`,
        detail: { fields: change.fields },
      },
    ],
    reasons: [`${change.op} from plan ${planDecisionId}`],
    confidence: 1,
    subject: `${change.kind}:${change.id}`,
  };
}

/**
 * Applies exactly a saved plan, in its order, in one transaction. Refuses when the records the
 * loop owns changed since the plan. Every change is a decision whose parent is the plan's decision.
 */
export async function applyPlan(
  engine: Engine,
  plan: Plan,
  now: Date,
): Promise<{ applied: number; decisionIds: string[] }> {
  const loaded = engine.workspace.loops.get(plan.loop);
  if (!loaded) throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${plan.loop} in this workspace`);
  if (plan.loopVersion !== loaded.loop.version) {
    throw new RevloopsError(
      'CONFLICT',
      `the plan was made by ${plan.loop} ${plan.loopVersion} but the loop is now ${loaded.loop.version}; run plan again`,
    );
  }
  if (loaded.version !== plan.configVersion) {
    throw new RevloopsError(
      'CONFLICT',
      `the plan was made with config ${plan.configVersion.slice(0, 12)} but ${plan.loop} is now at ${loaded.version.slice(0, 12)}; run plan again`,
    );
  }
  const { store } = engine;
  return store.transaction(async (trx) => {
    const base = baseHashOf(
      await currentState(trx, store.dialect, loaded.loop),
      await refreshed(trx, plan.changes),
    );
    if (base !== plan.baseHash)
      throw new RevloopsError(
        'CONFLICT',
        `the records ${plan.loop} owns changed since the plan was made; run plan again`,
      );
    const moved = await movedRead(trx, store.dialect, plan.decision.reads ?? []);
    if (moved) throw new RevloopsError('CONFLICT', `${moved}; the plan was computed from it: run plan again`);
    if (plan.changes.length === 0) return { applied: 0, decisionIds: [] };
    // Two batches, in the plan's order: creates and updates (structure first, parents first), then
    // deletes (assignments first, children first); each writes its records with one statement per kind.
    const upserts = new EffectBatch(now);
    const deletes = new EffectBatch(now);
    upserts.add(
      plan.decision,
      plan.decision.effects.filter((e) => e.kind === 'review_item'),
    );
    const ids: string[] = [];
    for (const change of plan.changes) {
      const id = newId('dec', now);
      const parts = changeDecisionParts(id, plan.decision.id, change);
      const decision: Decision = {
        ...plan.decision,
        ...parts,
        id,
        eventType: 'materialize.apply',
        parentIds: [plan.decision.id],
        rootId: plan.decision.id,
        input: {
          kind: change.kind,
          id: change.id,
          before: change.before,
          desired: change.after,
          ...(change.patch ? { patch: true } : {}),
        },
        reads: [],
        agentAnswers: [],
        now: now.toISOString(),
        seed: 0,
        latencyMs: 0,
        createdAt: new Date().toISOString(),
      };
      (change.op === 'delete' ? deletes : upserts).add(decision, parts.effects);
      ids.push(id);
    }
    await upserts.flush(trx);
    await deletes.flush(trx);
    await insertRun(trx, {
      id: newId('run', now),
      loop: plan.loop,
      kind: 'apply',
      status: 'done',
      config_version: plan.configVersion,
      started_at: now.toISOString(),
      finished_at: new Date().toISOString(),
      summary: { ...plan.summary, planDecisionId: plan.decision.id },
    });
    return { applied: plan.changes.length, decisionIds: ids };
  });
}
