import {
  type AgentGateway,
  type Decision,
  type Effect,
  executeLoop,
  type FindOptions,
  type Json,
  type JsonObject,
  type RecordedRead,
  type RecordFilter,
  type RecordKind,
  type RecordReader,
  recordField,
  recordMatches,
  type StoredRecord,
  type TraceEntry,
} from '../kernel/index.js';
import { findRecords, insertRun, listDecisions, type Store } from '../store/index.js';
import type { LoadedLoop } from '../workspace/index.js';
import { newId } from './ids.js';
import { workspaceLookups } from './lookups.js';

/** One historical input a simulation replays: what the loop received and when. */
export interface SimulationInput {
  /** A stable name for the input (the original decision or the file row). */
  id: string;
  input: Json;
  /** The instant the loop runs at (working hours, SLAs and decay follow it). */
  now: string;
  subject: string | null;
  eventType: string;
  /**
   * The reads of the decision this input comes from, when it comes from the decision log: a record
   * the simulation has not written yet is served as that decision saw it, not as it is now.
   */
  reads?: readonly RecordedRead[];
}

/** What one config decided for one input, never written anywhere. */
export interface SimulatedRun {
  id: string;
  now: string;
  output: Json | null;
  trace: TraceEntry[];
  effects: Effect[];
  /** Why the run failed, when it did (a contract violation, a missing record...). */
  error?: string;
}

const keyOf = (v: unknown) => (v === undefined || v === null ? '\u0000null' : `${typeof v}:${String(v)}`);
const compositeKey = (values: JsonObject, fields: readonly string[]) =>
  fields.map((f) => keyOf(recordField(values, f))).join('\u0001');

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(id);
}

/** A record as it was at some instant: null when it did not exist. */
interface RecordState {
  kind: RecordKind;
  id: string;
  record: StoredRecord | null;
}

/** Decision modes whose effects reached the store (shadow, simulation and replay runs write nothing). */
const APPLIED: ReadonlySet<string> = new Set(['live', 'review', 'feedback']);

/** The kind a recorded read's key names (`get:lead:"l1"`, `find:account:{...}`). */
function readKind(key: string, op: 'get' | 'find'): RecordKind | undefined {
  if (!key.startsWith(`${op}:`)) return undefined;
  const end = key.indexOf(':', op.length + 1);
  return end < 0 ? undefined : (key.slice(op.length + 1, end) as RecordKind);
}

const isRecord = (v: unknown): v is StoredRecord =>
  typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';

/** The records a decision saw, as it saw them before its own writes: what its gets and finds returned. */
function seenBy(d: Decision): RecordState[] {
  const out: RecordState[] = [];
  for (const r of d.reads) {
    const got = readKind(r.key, 'get');
    if (got) {
      const id = JSON.parse(r.key.slice(got.length + 5)) as unknown;
      if (typeof id === 'string') out.push({ kind: got, id, record: isRecord(r.result) ? r.result : null });
      continue;
    }
    const found = readKind(r.key, 'find');
    if (found && Array.isArray(r.result))
      for (const rec of r.result) if (isRecord(rec)) out.push({ kind: found, id: rec.id, record: rec });
  }
  return out;
}

/** The records a decision wrote; `created` for a task, whose id is new with the decision. */
function writtenBy(d: Decision): { kind: RecordKind; id: string; created: boolean }[] {
  const out: { kind: RecordKind; id: string; created: boolean }[] = [];
  for (const e of d.effects)
    if (e.kind === 'record_write') out.push({ kind: e.record as RecordKind, id: e.recordId, created: false });
    else if (e.kind === 'task') out.push({ kind: 'task', id: e.id, created: true });
  return out;
}

/** The applied decisions made at or after an instant, oldest first, a page at a time. */
async function* decisionsFrom(store: Store, at: string): AsyncGenerator<Decision> {
  let afterId: string | undefined;
  for (;;) {
    // A decision is stored after its `now`, so those made since `at` were all created since then.
    const page = await listDecisions(store.db, { since: at, limit: 500, ...(afterId ? { afterId } : {}) });
    for (const d of page) if (APPLIED.has(d.mode) && d.now >= at) yield d;
    afterId = page.at(-1)?.id;
    if (page.length < 500) return;
  }
}

/**
 * What the records a decision wrote since an instant were at that instant: every decision since
 * taken back. The first decision to touch a record tells: what it read of it (before writing), or
 * nothing for a task it created. A record first written unread keeps its stored state, as nothing
 * says what it was.
 */
async function statesAt(store: Store, at: string): Promise<RecordState[]> {
  const settled = new Map<string, RecordState | null>();
  const read = new Map<string, RecordState>();
  for await (const d of decisionsFrom(store, at)) {
    for (const s of seenBy(d)) {
      const key = `${s.kind}:${s.id}`;
      if (!settled.has(key) && !read.has(key)) read.set(key, s);
    }
    for (const w of writtenBy(d)) {
      const key = `${w.kind}:${w.id}`;
      if (settled.has(key)) continue;
      settled.set(key, read.get(key) ?? (w.created ? { kind: w.kind, id: w.id, record: null } : null));
    }
  }
  return [...settled.values()].filter((s): s is RecordState => s !== null);
}

/**
 * The decisions of other loops from an instant on, handed out as the simulation reaches the
 * instant each was made, so the simulated loop sees what they wrote when they wrote it.
 */
class OtherLoops {
  private readonly log: AsyncGenerator<Decision>;
  /** The next decision of another loop; null until read, undefined once the log is over. */
  private next: Decision | null | undefined = null;

  constructor(
    store: Store,
    at: string,
    private readonly loop: string,
  ) {
    this.log = decisionsFrom(store, at);
  }

  /**
   * The decisions of other loops made by `now` and not handed out yet, oldest first. One made at
   * the same instant counts as earlier: a batch decides a lead's chain (qualify, then route) at one
   * instant.
   */
  async *before(now: string): AsyncGenerator<Decision> {
    for (;;) {
      if (this.next === null) this.next = await this.nextOther();
      const d = this.next;
      if (d === undefined || d.now > now) return;
      this.next = null;
      yield d;
    }
  }

  private async nextOther(): Promise<Decision | undefined> {
    for (;;) {
      const r = await this.log.next();
      if (r.done) return undefined;
      if (r.value.loop !== this.loop) return r.value;
    }
  }
}

/**
 * The records a simulation sees: the store's, read once per kind (and set back to an earlier
 * instant by `restore`), with every write the simulated runs make kept in memory on top
 * (write-free: the store is never touched). Equality filters use
 * indexes on the filtered fields built on first use and kept up to date as runs write, so a run's `count` of
 * today's assignments stays cheap over a million simulated leads.
 */
export class SimulatedRecords implements RecordReader {
  private readonly kinds = new Map<RecordKind, Map<string, StoredRecord>>();
  private readonly indexes = new Map<
    string,
    { kind: RecordKind; fields: readonly string[]; ids: Map<string, Set<string>> }
  >();
  /** Records a simulated run wrote, per kind. */
  private readonly written = new Set<string>();
  /** Reads of the input being simulated (see SimulationInput.reads). */
  private recorded = new Map<string, Json>();

  /** Serves `get` from these recorded reads for records the simulation has not written. */
  seeing(reads: readonly RecordedRead[] | undefined): void {
    this.recorded = new Map(
      (reads ?? []).filter((r) => r.key.startsWith('get:')).map((r) => [r.key, r.result]),
    );
  }

  constructor(private readonly store: Store) {}

  private async all(kind: RecordKind): Promise<Map<string, StoredRecord>> {
    let rows = this.kinds.get(kind);
    if (!rows) {
      rows = new Map();
      for (const r of await findRecords(this.store.db, this.store.dialect, kind, {})) rows.set(r.id, r);
      this.kinds.set(kind, rows);
    }
    return rows;
  }

  /**
   * The index of a kind on a set of fields (sorted): each combination of their values to the ids
   * that have it, so an equality filter reads only the records it matches.
   */
  private index(
    kind: RecordKind,
    fields: readonly string[],
    rows: Map<string, StoredRecord>,
  ): Map<string, Set<string>> {
    const name = [kind, ...fields].join('\u0000');
    let entry = this.indexes.get(name);
    if (!entry) {
      entry = { kind, fields, ids: new Map() };
      for (const r of rows.values()) addTo(entry.ids, compositeKey(r.values, fields), r.id);
      this.indexes.set(name, entry);
    }
    return entry.ids;
  }

  /** The ids that may match a filter (every one matches unless a value is not a plain scalar). */
  private async candidates(
    kind: RecordKind,
    filter: RecordFilter,
  ): Promise<{ rows: Map<string, StoredRecord>; ids: Iterable<string> }> {
    const rows = await this.all(kind);
    const fields = Object.keys(filter).sort();
    if (fields.length === 0) return { rows, ids: rows.keys() };
    const want = fields.map((f) => keyOf(filter[f])).join('\u0001');
    return { rows, ids: this.index(kind, fields, rows).get(want) ?? [] };
  }

  async get(kind: RecordKind, id: string): Promise<StoredRecord | null> {
    const key = `get:${kind}:${JSON.stringify(id)}`;
    if (!this.written.has(`${kind}:${id}`) && this.recorded.has(key))
      return structuredClone(this.recorded.get(key)) as unknown as StoredRecord | null;
    return (await this.all(kind)).get(id) ?? null;
  }

  async find(kind: RecordKind, filter: RecordFilter, options?: FindOptions): Promise<StoredRecord[]> {
    const { rows, ids } = await this.candidates(kind, filter);
    const after = options?.after;
    const out: StoredRecord[] = [];
    for (const id of ids) {
      const r = rows.get(id);
      if (r && (after === undefined || id > after) && recordMatches(r.values, filter)) out.push(r);
    }
    out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return options?.limit === undefined ? out : out.slice(0, options.limit);
  }

  async count(kind: RecordKind, filter: RecordFilter): Promise<number> {
    const { rows, ids } = await this.candidates(kind, filter);
    let n = 0;
    for (const id of ids) {
      const r = rows.get(id);
      if (r && recordMatches(r.values, filter)) n++;
    }
    return n;
  }

  /**
   * Sets records to what they were at an earlier instant (a missing one is absent), as the store
   * held them: not a simulated write, so a get still answers from the input's recorded reads.
   */
  async restore(states: readonly RecordState[]): Promise<void> {
    for (const s of states) {
      const rows = await this.all(s.kind);
      this.place(s.kind, rows, s.id, rows.get(s.id), s.record ? structuredClone(s.record) : null);
    }
  }

  /**
   * Applies a run's record writes and tasks in memory, as the engine would apply them to the store.
   * Writes from the decision log (`by: 'log'`: another loop's, as they happened) change what finds
   * and counts see, and leave gets of the records to the input's recorded reads.
   */
  async apply(
    effects: readonly Effect[],
    now: string,
    by: 'simulation' | 'log' = 'simulation',
  ): Promise<void> {
    for (const e of effects) {
      if (e.kind === 'record_write') {
        const kind = e.record as RecordKind;
        const rows = await this.all(kind);
        const current = rows.get(e.recordId);
        const values =
          e.op === 'delete'
            ? null
            : e.op === 'patch' && current
              ? { ...current.values, ...e.values }
              : e.values;
        this.put(kind, rows, e.recordId, current, values, now, by);
      } else if (e.kind === 'task') {
        const rows = await this.all('task');
        const values: JsonObject = {
          title: e.title,
          assignee: e.assignee,
          status: 'open',
          dueAt: e.dueAt ?? null,
        };
        this.put('task', rows, e.id, rows.get(e.id), values, now, by);
      }
    }
  }

  private put(
    kind: RecordKind,
    rows: Map<string, StoredRecord>,
    id: string,
    current: StoredRecord | undefined,
    values: JsonObject | null,
    now: string,
    by: 'simulation' | 'log',
  ): void {
    if (by === 'simulation') this.written.add(`${kind}:${id}`);
    const next =
      values === null
        ? null
        : {
            id,
            externalId: current?.externalId ?? null,
            values,
            version: (current?.version ?? 0) + 1,
            updatedAt: now,
          };
    this.place(kind, rows, id, current, next);
  }

  /** Replaces one record (null: removes it), keeping the indexes in step. */
  private place(
    kind: RecordKind,
    rows: Map<string, StoredRecord>,
    id: string,
    current: StoredRecord | undefined,
    next: StoredRecord | null,
  ): void {
    for (const index of this.indexes.values()) {
      if (index.kind !== kind) continue;
      if (current) index.ids.get(compositeKey(current.values, index.fields))?.delete(id);
      if (next) addTo(index.ids, compositeKey(next.values, index.fields), id);
    }
    if (next === null) rows.delete(id);
    else rows.set(id, next);
  }
}

/** One loop under one config, run input by input over its own in-memory records. */
class Simulator {
  readonly records: SimulatedRecords;
  private readonly lookups;
  private readonly agents: AgentGateway;
  private n = 0;

  constructor(
    store: Store,
    workspaceDir: string,
    private readonly loaded: LoadedLoop,
    agents: AgentGateway,
  ) {
    this.records = new SimulatedRecords(store);
    this.lookups = workspaceLookups(workspaceDir);
    this.agents = agents.forLoop?.(loaded.name) ?? agents;
  }

  async run(item: SimulationInput): Promise<SimulatedRun> {
    this.n++;
    this.records.seeing(item.reads);
    try {
      const result = await executeLoop({
        loop: this.loaded.loop,
        config: this.loaded.config,
        configVersion: this.loaded.version,
        input: item.input,
        subject: item.subject,
        idBase: `sim_${this.n}`,
        now: item.now,
        // The same seed for the same input under both configs, so only the config differs.
        seed: (this.n * 2_654_435_761) % 2_147_483_647,
        records: this.records,
        agents: this.agents,
        lookups: this.lookups,
        eventType: item.eventType,
      });
      await this.records.apply(result.effects, item.now);
      return {
        id: item.id,
        now: item.now,
        output: result.decided.output as Json,
        trace: result.trace,
        effects: result.effects,
      };
    } catch (err) {
      return {
        id: item.id,
        now: item.now,
        output: null,
        trace: [],
        effects: [],
        error: err instanceof Error ? err.message : String(err),
      };
    }
  }
}

/**
 * Inputs from the decision log replay it from the instant the first was made: both sides start
 * from the records as they were then (every decision since taken back), and the other loops'
 * writes come in as they happened. Without this, a rep's later assignments would count against a
 * cap on her first pick.
 */
async function startAt(store: Store, loop: string, at: string, sides: readonly Simulator[]) {
  const states = await statesAt(store, at);
  for (const side of sides) await side.records.restore(states);
  return new OtherLoops(store, at, loop);
}

/**
 * Runs a loop over the same inputs under its active config and a proposed one, side by side, with
 * write-free surfaces: each config has its own in-memory copy of the records, so what one run
 * writes (an assignment, a pool's turn) shapes the next run of that config only, and the store is
 * never touched. Inputs from the decision log see the records as they were when each was decided
 * (see startAt); inputs from a file see them as they are. `onPair` gets both runs of each input in
 * order; nothing else is kept, so memory stays flat however long the history.
 */
export async function simulateChange(args: {
  store: Store;
  workspaceDir: string;
  active: LoadedLoop;
  proposed: LoadedLoop;
  agents: AgentGateway;
  inputs: Iterable<SimulationInput> | AsyncIterable<SimulationInput>;
  onPair: (before: SimulatedRun, after: SimulatedRun) => void;
}): Promise<number> {
  const before = new Simulator(args.store, args.workspaceDir, args.active, args.agents);
  const after = new Simulator(args.store, args.workspaceDir, args.proposed, args.agents);
  let others: OtherLoops | undefined;
  let n = 0;
  for await (const item of args.inputs) {
    if (n === 0 && item.reads)
      others = await startAt(args.store, args.active.name, item.now, [before, after]);
    if (others)
      for await (const d of others.before(item.now))
        for (const side of [before, after]) await side.records.apply(d.effects, d.now, 'log');
    args.onPair(await before.run(item), await after.run(item));
    n++;
  }
  return n;
}

/** What a simulation leaves behind for `validate`: rule hits per side, under which config versions. */
export interface SimulationSummary {
  loop: string;
  activeVersion: string;
  proposedVersion: string;
  inputs: number;
  changed: number;
  /** Inputs each rule matched, under the active config and under the proposed one. */
  rules: { before: Record<string, number>; after: Record<string, number> };
}

/** Keeps a simulation's summary as a run of its loop (kind `simulation`); the records stay untouched. */
export async function recordSimulation(store: Store, summary: SimulationSummary, at: Date): Promise<void> {
  await insertRun(store.db, {
    id: newId('run', at),
    loop: summary.loop,
    kind: 'simulation',
    status: 'done',
    config_version: summary.proposedVersion,
    started_at: at.toISOString(),
    finished_at: new Date().toISOString(),
    summary,
  });
}

/** The latest simulation of a loop, if any. */
export async function lastSimulation(
  store: Store,
  loop: string,
): Promise<(SimulationSummary & { at: string }) | undefined> {
  const row = await store.db
    .selectFrom('runs')
    .selectAll()
    .where('loop', '=', loop)
    .where('kind', '=', 'simulation')
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row ? { ...(JSON.parse(row.summary) as SimulationSummary), at: row.started_at } : undefined;
}
