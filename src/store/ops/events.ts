import { sql } from 'kysely';
import { preparedStatement, withSqlite } from '../dialects/sqlite.js';
import type { Db } from '../open-store.js';
import type { EventTable } from '../schema.js';
import { chunks } from './chunks.js';

/** A new event to store. */
export interface NewEvent {
  id: string;
  type: string;
  subject: string | null;
  payload: unknown;
  source: string;
  occurredAt: string;
  idempotencyKey: string;
  parentDecisionId: string | null;
  rootId: string | null;
  now: string;
  /** No loop consumes it: stored done at once instead of waiting to be claimed for nothing. */
  settled?: boolean;
}

/**
 * Inserts an event unless its idempotency key is known; returns the stored id and whether it is
 * new, and for a known key the type and payload (JSON text) the stored event has.
 */
export async function insertEvent(
  db: Db,
  e: NewEvent,
): Promise<{ id: string; inserted: true } | { id: string; inserted: false; type: string; payload: string }> {
  const result = await db
    .insertInto('events')
    .values(eventRow(e))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return { id: e.id, inserted: true };
  const existing = await db
    .selectFrom('events')
    .select(['id', 'type', 'payload'])
    .where('idempotency_key', '=', e.idempotencyKey)
    .executeTakeFirstOrThrow();
  return { id: existing.id, inserted: false, type: existing.type, payload: existing.payload };
}

/** Inserts many events in multi-row statements; keys already known are skipped. Returns the keys inserted. */
export async function insertEvents(db: Db, events: readonly NewEvent[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  if (events.length === 0) return inserted;
  const native = await withSqlite(db, (database) => {
    const insert = preparedStatement(database, INSERT_EVENT);
    for (const e of events) {
      const row = eventRow(e);
      if (insert.run(EVENT_COLUMNS.map((c) => row[c])).changes > 0) inserted.add(e.idempotencyKey);
    }
    return true;
  });
  if (native) return inserted;
  for (const chunk of chunks(events, 300)) {
    const rows = await db
      .insertInto('events')
      .values(chunk.map(eventRow))
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('idempotency_key')
      .execute();
    for (const r of rows) inserted.add(r.idempotency_key);
  }
  return inserted;
}

const EVENT_COLUMNS = [
  'id',
  'type',
  'subject',
  'payload',
  'source',
  'occurred_at',
  'idempotency_key',
  'status',
  'attempts',
  'next_attempt_at',
  'lease_until',
  'claimed_by',
  'last_error',
  'parent_decision_id',
  'root_id',
  'created_at',
  'processed_at',
] as const satisfies readonly (keyof EventTable)[];

const INSERT_EVENT = `insert into events (${EVENT_COLUMNS.join(', ')}) values (${EVENT_COLUMNS.map(() => '?').join(', ')}) on conflict (idempotency_key) do nothing`;

/** Marks a batch's events done in one statement: their ids as one JSON list. */
const COMPLETE_EVENTS = `update events set status = 'done', processed_at = ?, lease_until = null, last_error = null
  where id in (select value from json_each(?)) and claimed_by = ? and status = 'claimed'`;

/**
 * Claims a batch on SQLite in one statement: the first runnable events of each status by id (the
 * `+column` keeps the planner on the (status, id) index, which it walks in order and leaves at the
 * limit), the first `limit` of them by id marked claimed and returned.
 */
const CLAIM_EVENTS = `update events set status = 'claimed', claimed_by = ?, lease_until = ?
  where id in (select id from (
    select id from (select id from events where status = 'pending' and +next_attempt_at <= ? order by id limit ?)
    union all
    select id from (select id from events where status = 'failed' and +next_attempt_at <= ? order by id limit ?)
    union all
    select id from (select id from events where status = 'claimed' and +lease_until < ? order by id limit ?)
  ) order by id limit ?)
  returning *`;

function eventRow(e: NewEvent): EventTable {
  return {
    id: e.id,
    type: e.type,
    subject: e.subject,
    payload: JSON.stringify(e.payload),
    source: e.source,
    occurred_at: e.occurredAt,
    idempotency_key: e.idempotencyKey,
    status: e.settled ? 'done' : 'pending',
    attempts: 0,
    next_attempt_at: e.now,
    lease_until: null,
    claimed_by: null,
    last_error: null,
    parent_decision_id: e.parentDecisionId,
    root_id: e.rootId,
    created_at: e.now,
    processed_at: e.settled ? e.now : null,
  };
}

/** Marks claimed events done in one statement; returns how many this worker still held. */
export async function completeEvents(
  db: Db,
  ids: readonly string[],
  worker: string,
  now: string,
): Promise<number> {
  let done = 0;
  const native = await withSqlite(
    db,
    (database) => preparedStatement(database, COMPLETE_EVENTS).run(now, JSON.stringify(ids), worker).changes,
  );
  if (native !== undefined) return native;
  for (const chunk of chunks(ids, 500)) {
    const r = await db
      .updateTable('events')
      .set({ status: 'done', processed_at: now, lease_until: null, last_error: null })
      .where('id', 'in', chunk)
      .where('claimed_by', '=', worker)
      .where('status', '=', 'claimed')
      .executeTakeFirst();
    done += Number(r.numUpdatedRows);
  }
  return done;
}

/**
 * Claims up to `limit` runnable events for a worker: pending or failed events whose next try is
 * due, and claimed events whose lease expired. On PostgreSQL rows locked by another worker are skipped.
 */
export async function claimEvents(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  args: { worker: string; limit: number; now: string; leaseUntil: string },
): Promise<EventTable[]> {
  const native = await withSqlite(db, (database) =>
    (
      preparedStatement(database, CLAIM_EVENTS).all(
        args.worker,
        args.leaseUntil,
        args.now,
        args.limit,
        args.now,
        args.limit,
        args.now,
        args.limit,
        args.limit,
      ) as EventTable[]
    ).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  if (native) return native;
  // One indexed (status, id) scan per status instead of an OR that forces a sort of every runnable row.
  const runnable = async (
    status: EventTable['status'],
    column: 'next_attempt_at' | 'lease_until',
    op: '<=' | '<',
  ) => {
    // On SQLite, `+column` keeps the planner on the (status, id) index: it walks ids in order and
    // stops at the limit, instead of collecting every due row through (status, next_attempt_at) and sorting.
    const due = dialect === 'sqlite' ? sql<string>`+${sql.ref(column)}` : sql<string>`${sql.ref(column)}`;
    let q = db
      .selectFrom('events')
      .selectAll()
      .where('status', '=', status)
      .where(due, op, args.now)
      .orderBy('id')
      .limit(args.limit);
    if (dialect === 'postgres') q = q.forUpdate().skipLocked();
    return q.execute();
  };
  const rows = [
    ...(await runnable('pending', 'next_attempt_at', '<=')),
    ...(await runnable('failed', 'next_attempt_at', '<=')),
    ...(await runnable('claimed', 'lease_until', '<')),
  ]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, args.limit);
  if (rows.length === 0) return [];
  await db
    .updateTable('events')
    .set({ status: 'claimed', claimed_by: args.worker, lease_until: args.leaseUntil })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows.map((r) => ({
    ...r,
    status: 'claimed',
    claimed_by: args.worker,
    lease_until: args.leaseUntil,
  }));
}

/** Puts events a worker claimed but did not process back to pending, for any worker to take. */
export async function releaseEvents(db: Db, ids: readonly string[], worker: string): Promise<void> {
  for (const chunk of chunks(ids, 500)) {
    await db
      .updateTable('events')
      .set({ status: 'pending', claimed_by: null, lease_until: null })
      .where('id', 'in', chunk)
      .where('claimed_by', '=', worker)
      .where('status', '=', 'claimed')
      .execute();
  }
}

/** Marks a claimed event done. Returns false if the worker no longer holds it. */
export async function completeEvent(db: Db, id: string, worker: string, now: string): Promise<boolean> {
  const r = await db
    .updateTable('events')
    .set({ status: 'done', processed_at: now, lease_until: null, last_error: null })
    .where('id', '=', id)
    .where('claimed_by', '=', worker)
    .where('status', '=', 'claimed')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Records a failure: retry later with backoff, or dead-letter after the last attempt. */
export async function failEvent(
  db: Db,
  args: {
    id: string;
    error: string;
    now: string;
    maxAttempts: number;
    backoffMs: (attempt: number) => number;
  },
): Promise<'failed' | 'dead'> {
  const row = await db
    .selectFrom('events')
    .select('attempts')
    .where('id', '=', args.id)
    .executeTakeFirstOrThrow();
  const attempts = row.attempts + 1;
  const dead = attempts >= args.maxAttempts;
  const next = new Date(Date.parse(args.now) + args.backoffMs(attempts)).toISOString();
  await db
    .updateTable('events')
    .set({
      status: dead ? 'dead' : 'failed',
      attempts,
      next_attempt_at: next,
      last_error: args.error,
      lease_until: null,
      claimed_by: null,
    })
    .where('id', '=', args.id)
    .execute();
  return dead ? 'dead' : 'failed';
}

/** One event by id. */
export async function getEvent(db: Db, id: string): Promise<EventTable | undefined> {
  return db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Events by status, oldest first. */
export async function listEvents(db: Db, args: { status?: string; limit: number }): Promise<EventTable[]> {
  let q = db.selectFrom('events').selectAll().orderBy('id').limit(args.limit);
  if (args.status) q = q.where('status', '=', args.status as EventTable['status']);
  return q.execute();
}

/** Counts events per status. */
export async function countEventsByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('events')
    .select(['status', sql<string>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
