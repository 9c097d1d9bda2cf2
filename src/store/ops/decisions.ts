import { type Decision, type RecordedRead, recordedReadsJson } from '../../kernel/index.js';
import { preparedStatement, withSqlite } from '../dialects/sqlite.js';
import type { Db } from '../open-store.js';
import type { DecisionTable } from '../schema.js';
import { chunks } from './chunks.js';

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
    input: JSON.stringify(d.input),
    output: JSON.stringify(d.output),
    effects: JSON.stringify(d.effects),
    trace: JSON.stringify(d.trace),
    reasons: JSON.stringify(d.reasons),
    confidence: d.confidence,
    reads: recordedReadsJson(d.reads),
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
function lazyReads(d: Omit<Decision, 'reads'>, text: string): Decision {
  const settle = (value: RecordedRead[]) => {
    Object.defineProperty(d, 'reads', { value, writable: true, enumerable: true, configurable: true });
    return value;
  };
  return Object.defineProperty(d, 'reads', {
    get: () => settle(JSON.parse(text) as RecordedRead[]),
    set: settle,
    enumerable: true,
    configurable: true,
  }) as Decision;
}

function fromRow(r: DecisionTable): Decision {
  return lazyReads(
    {
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
      input: JSON.parse(r.input),
      output: JSON.parse(r.output),
      effects: JSON.parse(r.effects),
      trace: JSON.parse(r.trace),
      reasons: JSON.parse(r.reasons),
      confidence: r.confidence === null ? null : Number(r.confidence),
      agentAnswers: JSON.parse(r.agent_answers),
      now: r.now,
      seed: Number(r.seed),
      latencyMs: Number(r.latency_ms),
      createdAt: r.created_at,
    },
    r.reads,
  );
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

/** One decision by id, or undefined. */
export async function getDecision(db: Db, id: string): Promise<Decision | undefined> {
  const r = await db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? fromRow(r) : undefined;
}

/** Decisions by id, in id order, with as few queries as the bound-parameter limit allows. */
export async function getDecisions(db: Db, ids: readonly string[]): Promise<Decision[]> {
  const out: Decision[] = [];
  for (const chunk of chunks(ids, 500)) {
    out.push(
      ...(await db.selectFrom('decisions').selectAll().where('id', 'in', chunk).orderBy('id').execute()).map(
        fromRow,
      ),
    );
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
  since?: string;
  subject?: string;
  mode?: string;
  limit?: number;
  afterId?: string;
}

/** Decisions, oldest first, filtered. */
export async function listDecisions(db: Db, q: DecisionQuery): Promise<Decision[]> {
  let query = db.selectFrom('decisions').selectAll().orderBy('id');
  if (q.loop) query = query.where('loop', '=', q.loop);
  if (q.since) query = query.where('created_at', '>=', q.since);
  if (q.subject) query = query.where('subject', '=', q.subject);
  if (q.mode) query = query.where('mode', '=', q.mode);
  if (q.afterId) query = query.where('id', '>', q.afterId);
  if (q.limit) query = query.limit(q.limit);
  return (await query.execute()).map(fromRow);
}

/** A whole chain in one query: every decision sharing a root, in order. */
export async function chainOf(db: Db, rootId: string): Promise<Decision[]> {
  const rows = await db
    .selectFrom('decisions')
    .selectAll()
    .where('root_id', '=', rootId)
    .orderBy('id')
    .execute();
  return rows.map(fromRow);
}
