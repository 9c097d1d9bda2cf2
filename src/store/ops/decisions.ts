import type { SelectQueryBuilder } from 'kysely';
import {
  type Decision,
  type DecisionView,
  KeptRead,
  type RecordedRead,
  recordedReadJson,
  recordedReadsJson,
} from '../../kernel/index.js';
import { preparedStatement, withSqlite } from '../dialects/sqlite.js';
import type { Db } from '../open-store.js';
import type { Database, DecisionTable } from '../schema.js';
import { chunks } from './chunks.js';
import { DEFLATED, packText, unpackText } from './packed-text.js';

/**
 * The stored text of a decision's reads. Reads kept packed stay packed, each on its own
 * (`{"key", "packed": base64}`): a run that read a million records, a page at a time, is never
 * one string of them, written or read back. Other reads are JSON as they are, the whole packed
 * when long.
 */
function readsColumn(reads: readonly RecordedRead[]): string {
  if (!reads.some((r) => r instanceof KeptRead && r.packed !== undefined))
    return packText(recordedReadsJson(reads));
  const parts = reads.map((r) => {
    const packed = r instanceof KeptRead ? r.packed : undefined;
    return packed === undefined
      ? recordedReadJson(r)
      : `{"key":${JSON.stringify(r.key)},"packed":"${Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength).toString('base64')}"}`;
  });
  return `[${parts.join(',')}]`;
}

/** A decision's reads from their stored text, packed ones left packed until asked for. */
function parseReads(text: string): RecordedRead[] {
  const stored = JSON.parse(unpackText(text)) as (
    | { key: string; result: RecordedRead['result'] }
    | { key: string; packed: string }
  )[];
  return stored.map((r) =>
    'packed' in r && !('result' in r)
      ? KeptRead.ofPacked(r.key, Buffer.from(r.packed, 'base64'), DEFLATED)
      : (r as RecordedRead),
  );
}

function toRow(d: Decision): DecisionTable {
  return {
    id: d.id,
    loop: d.loop,
    loop_version: d.loopVersion,
    config_version: d.configVersion,
    git_sha: d.gitSha,
    mode: d.mode,
    subject: d.subject,
    event_id: d.eventId,
    event_type: d.eventType,
    parent_ids: JSON.stringify(d.parentIds),
    root_id: d.rootId,
    // A run over every record of a kind can write a long input, output or list of effects: long
    // ones are kept deflated, as long reads are. The trace stays text: the route ledger searches it.
    input: packText(JSON.stringify(d.input)),
    output: packText(JSON.stringify(d.output)),
    effects: packText(JSON.stringify(d.effects)),
    trace: JSON.stringify(d.trace),
    reasons: JSON.stringify(d.reasons),
    confidence: d.confidence,
    reads: readsColumn(d.reads),
    agent_answers: JSON.stringify(d.agentAnswers),
    now: d.now,
    seed: d.seed,
    latency_ms: d.latencyMs,
    created_at: d.createdAt,
  };
}

/**
 * Sets `reads` on a decision read from its row, parsed the first time something asks for it:
 * explaining, listing or checking a decision rarely needs what it read, and a scheduled run's
 * reads can hold every record of a kind.
 */
function lazyReads(d: DecisionView, text: string): Decision {
  const settle = (value: RecordedRead[]) => {
    Object.defineProperty(d, 'reads', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  return Object.defineProperty(d, 'reads', {
    get: () => settle(parseReads(text)),
    set: settle,
    enumerable: true,
    configurable: true,
  }) as Decision;
}

/** A decision's row without its reads, as a view. */
function viewOfRow(r: Omit<DecisionTable, 'reads'>): DecisionView {
  return {
    id: r.id,
    loop: r.loop,
    loopVersion: r.loop_version,
    configVersion: r.config_version,
    gitSha: r.git_sha,
    mode: r.mode as Decision['mode'],
    subject: r.subject,
    eventId: r.event_id,
    eventType: r.event_type,
    parentIds: JSON.parse(r.parent_ids),
    rootId: r.root_id,
    input: JSON.parse(unpackText(r.input)),
    output: JSON.parse(unpackText(r.output)),
    effects: JSON.parse(unpackText(r.effects)),
    trace: JSON.parse(r.trace),
    reasons: JSON.parse(r.reasons),
    confidence: r.confidence === null ? null : Number(r.confidence),
    agentAnswers: JSON.parse(r.agent_answers),
    now: r.now,
    seed: Number(r.seed),
    latencyMs: Number(r.latency_ms),
    createdAt: r.created_at,
  };
}

function fromRow(r: DecisionTable): Decision {
  return lazyReads(viewOfRow(r), r.reads);
}

/** Stores a decision. Fails on a second decision for the same event and loop. */
export async function insertDecision(db: Db, d: Decision): Promise<void> {
  await insertDecisions(db, [d]);
}

const DECISION_COLUMNS = [
  'id',
  'loop',
  'loop_version',
  'config_version',
  'git_sha',
  'mode',
  'subject',
  'event_id',
  'event_type',
  'parent_ids',
  'root_id',
  'input',
  'output',
  'effects',
  'trace',
  'reasons',
  'confidence',
  'reads',
  'agent_answers',
  'now',
  'seed',
  'latency_ms',
  'created_at',
] as const satisfies readonly (keyof DecisionTable)[];

const INSERT_DECISION = `insert into decisions (${DECISION_COLUMNS.join(', ')}) values (${DECISION_COLUMNS.map(() => '?').join(', ')})`;

/** Stores many decisions: prepared single-row inserts on SQLite, multi-row inserts on PostgreSQL. */
export async function insertDecisions(db: Db, ds: readonly Decision[]): Promise<void> {
  if (ds.length === 0) return;
  const native = await withSqlite(db, (database) => {
    const insert = preparedStatement(database, INSERT_DECISION);
    for (const d of ds) {
      const row = toRow(d);
      insert.run(DECISION_COLUMNS.map((c) => row[c]));
    }
    return true;
  });
  if (native) return;
  for (const chunk of chunks(ds, 200)) await db.insertInto('decisions').values(chunk.map(toRow)).execute();
}

/** Every column but the reads: what a view selects. */
const VIEW_COLUMNS = DECISION_COLUMNS.filter(
  (c): c is Exclude<(typeof DECISION_COLUMNS)[number], 'reads'> => c !== 'reads',
);

/** Decision rows with every column (full decisions) or all but the reads (views). */
const full = (db: Db) => db.selectFrom('decisions').selectAll();
const views = (db: Db) => db.selectFrom('decisions').select(VIEW_COLUMNS);

/** One decision by id, or undefined. */
export async function getDecision(db: Db, id: string): Promise<Decision | undefined> {
  const r = await full(db).where('id', '=', id).executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

/** One decision by id without its reads (see DecisionView), or undefined. */
export async function getDecisionView(db: Db, id: string): Promise<DecisionView | undefined> {
  const r = await views(db).where('id', '=', id).executeTakeFirst();
  return r ? viewOfRow(r) : undefined;
}

/** The JSON text of a decision's recorded reads (inflated when kept deflated), or undefined when there is no such decision. */
export async function decisionReadsJson(db: Db, id: string): Promise<string | undefined> {
  const r = await db.selectFrom('decisions').select('reads').where('id', '=', id).executeTakeFirst();
  if (r === undefined) return undefined;
  const text = unpackText(r.reads);
  return text.includes('"packed":"') ? recordedReadsJson(parseReads(text)) : text;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Decisions by id, in id order, with as few queries as the bound-parameter limit allows. */
export async function getDecisions(db: Db, ids: readonly string[]): Promise<Decision[]> {
  const out: Decision[] = [];
  for (const chunk of chunks(ids, 500))
    for (const r of await full(db).where('id', 'in', chunk).execute()) out.push(fromRow(r));
  return out.sort(byId);
}

/** Views of decisions by id (see DecisionView), in id order. */
export async function getDecisionViews(db: Db, ids: readonly string[]): Promise<DecisionView[]> {
  const out: DecisionView[] = [];
  for (const chunk of chunks(ids, 500))
    for (const r of await views(db).where('id', 'in', chunk).execute()) out.push(viewOfRow(r));
  return out.sort(byId);
}

/** The decision a loop made for an event, if any. */
export async function findDecisionForEvent(
  db: Db,
  eventId: string,
  loop: string,
): Promise<Decision | undefined> {
  const r = await db
    .selectFrom('decisions')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('loop', '=', loop)
    .executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

/** Filters for listing decisions. */
export interface DecisionQuery {
  loop?: string;
  /** Stored at or after this instant. */
  since?: string;
  /** Made at or after this instant, by the decision's own clock (a history pass's is in the past). */
  madeSince?: string;
  subject?: string;
  mode?: string;
  /** Any of these modes. */
  modes?: readonly string[];
  limit?: number;
  afterId?: string;
}

/** A query on decisions narrowed by the filters, oldest first. */
function filtered<O>(
  query: SelectQueryBuilder<Database, 'decisions', O>,
  q: DecisionQuery,
): SelectQueryBuilder<Database, 'decisions', O> {
  let out = query.orderBy('id');
  if (q.loop) out = out.where('loop', '=', q.loop);
  if (q.since) out = out.where('created_at', '>=', q.since);
  if (q.subject) out = out.where('subject', '=', q.subject);
  if (q.madeSince) out = out.where('now', '>=', q.madeSince);
  if (q.mode) out = out.where('mode', '=', q.mode);
  if (q.modes) out = out.where('mode', 'in', [...q.modes]);
  if (q.afterId) out = out.where('id', '>', q.afterId);
  if (q.limit) out = out.limit(q.limit);
  return out;
}

/** Decisions, oldest first, filtered. */
export async function listDecisions(db: Db, q: DecisionQuery): Promise<Decision[]> {
  return (await filtered(full(db), q).execute()).map(fromRow);
}

/** Views of decisions (see DecisionView), oldest first, filtered. */
export async function listDecisionViews(db: Db, q: DecisionQuery): Promise<DecisionView[]> {
  return (await filtered(views(db), q).execute()).map(viewOfRow);
}

/** A whole chain in one query: every decision sharing a root, in order. */
export async function chainOf(db: Db, rootId: string): Promise<Decision[]> {
  return (await full(db).where('root_id', '=', rootId).orderBy('id').execute()).map(fromRow);
}

/** A link of a chain: which decision, of which loop, about what, after which. */
export interface ChainLink {
  id: string;
  loop: string;
  subject: string | null;
  parentIds: string[];
}

/** A whole chain as links, in order: what an explanation lists, without reading each decision. */
export async function chainLinks(db: Db, rootId: string): Promise<ChainLink[]> {
  const rows = await db
    .selectFrom('decisions')
    .select(['id', 'loop', 'subject', 'parent_ids'])
    .where('root_id', '=', rootId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    loop: r.loop,
    subject: r.subject,
    parentIds: JSON.parse(r.parent_ids),
  }));
}

/** A whole chain as views (see DecisionView): every decision sharing a root, in order. */
export async function chainViews(db: Db, rootId: string): Promise<DecisionView[]> {
  return (await views(db).where('root_id', '=', rootId).orderBy('id').execute()).map(viewOfRow);
}
