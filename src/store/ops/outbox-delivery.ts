import type { Db } from '../open-store.js';
import type { OutboxTable } from '../schema.js';
import { backoffMs } from './backoff.js';

/** The states of an outbox row: waiting, sent, waiting for a retry, or given up on. */
export type OutboxStatus = 'pending' | 'delivered' | 'failed' | 'dead';

const RUNNABLE: readonly OutboxStatus[] = ['pending', 'failed'];

/**
 * Claims up to `limit` outbox rows that are due (pending or failed, next try at or before `now`).
 * The claim is a lease: `next_attempt_at` moves to `leaseUntil`, so no other worker picks the row up
 * while it is being sent, and a worker that dies mid-send lets it run again once the lease ends.
 * On PostgreSQL rows locked by another worker are skipped; call it inside a transaction.
 */
export async function claimOutbox(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  args: { limit: number; now: string; leaseUntil: string },
): Promise<OutboxTable[]> {
  let query = db
    .selectFrom('outbox')
    .select('id')
    .where('status', 'in', RUNNABLE)
    .where('next_attempt_at', '<=', args.now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(args.limit);
  if (dialect === 'postgres') query = query.forUpdate().skipLocked();
  const due = await query.execute();
  if (due.length === 0) return [];
  // The guard repeats the due condition, so a row another worker claimed in between is not taken twice.
  const claimed = await db
    .updateTable('outbox')
    .set({ next_attempt_at: args.leaseUntil })
    .where(
      'id',
      'in',
      due.map((r) => r.id),
    )
    .where('status', 'in', RUNNABLE)
    .where('next_attempt_at', '<=', args.now)
    .returningAll()
    .execute();
  return claimed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Marks a row delivered. Returns false if it was already delivered (or is dead), so nothing is counted twice. */
export async function markOutboxDelivered(db: Db, args: { id: string; now: string }): Promise<boolean> {
  const r = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: 'delivered',
      attempts: eb('attempts', '+', 1),
      delivered_at: args.now,
      last_error: null,
    }))
    .where('id', '=', args.id)
    .where('status', 'in', RUNNABLE)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** The wait before a delivery's next try: 30 s doubling, up to an hour, unless told otherwise. */
export function outboxBackoffMs(attempt: number, baseMs = 30_000, maxMs?: number): number {
  return backoffMs(attempt, baseMs, maxMs);
}

/** What a failed try did to its row: the new status and, for a failed row, when it runs again. */
export interface OutboxFailure {
  status: 'failed' | 'dead';
  nextAttemptAt: string;
}

/**
 * Records a failed try: the row waits `backoffMs(attempts)` and runs again, or goes dead after
 * `maxAttempts` (or at once when `permanent`, e.g. a channel with no configured transport).
 * Returns the new status and next try, or null if the row was no longer runnable.
 */
export async function failOutbox(
  db: Db,
  args: {
    id: string;
    error: string;
    now: string;
    maxAttempts: number;
    backoffMs?: (attempt: number) => number;
    permanent?: boolean;
  },
): Promise<OutboxFailure | null> {
  const row = await db
    .selectFrom('outbox')
    .select(['attempts', 'status'])
    .where('id', '=', args.id)
    .executeTakeFirst();
  if (!row || !RUNNABLE.includes(row.status as OutboxStatus)) return null;
  const attempts = Number(row.attempts) + 1;
  const dead = args.permanent === true || attempts >= args.maxAttempts;
  const wait = (args.backoffMs ?? outboxBackoffMs)(attempts);
  const nextAttemptAt = new Date(Date.parse(args.now) + wait).toISOString();
  const r = await db
    .updateTable('outbox')
    .set({
      status: dead ? 'dead' : 'failed',
      attempts,
      next_attempt_at: nextAttemptAt,
      last_error: args.error.slice(0, 2000),
    })
    .where('id', '=', args.id)
    .where('status', 'in', RUNNABLE)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return null;
  return { status: dead ? 'dead' : 'failed', nextAttemptAt };
}

/**
 * Brings dead rows back to pending with a fresh attempt count, due at `now`: the given ids, or every
 * dead row when `ids` is omitted. Keeps `last_error` for the record. Returns how many came back.
 */
export async function retryDeadOutbox(
  db: Db,
  args: { now: string; ids?: readonly string[] },
): Promise<number> {
  if (args.ids && args.ids.length === 0) return 0;
  let q = db
    .updateTable('outbox')
    .set({ status: 'pending', attempts: 0, next_attempt_at: args.now })
    .where('status', '=', 'dead');
  if (args.ids) q = q.where('id', 'in', [...args.ids]);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** One outbox row by id. */
export async function getOutbox(db: Db, id: string): Promise<OutboxTable | undefined> {
  return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * A recipient's outbox rows with the given statuses, newest first: the in-app inbox. `channels` keeps
 * only those channel names, `excludeChannels` drops those; both may be given.
 */
export async function listOutboxForRecipient(
  db: Db,
  args: {
    recipient: string;
    channels?: readonly string[];
    excludeChannels?: readonly string[];
    statuses: readonly OutboxStatus[];
    limit: number;
  },
): Promise<OutboxTable[]> {
  if (args.channels?.length === 0 || args.statuses.length === 0) return [];
  let q = db
    .selectFrom('outbox')
    .selectAll()
    .where('recipient', '=', args.recipient)
    .where('status', 'in', [...args.statuses]);
  if (args.channels) q = q.where('channel', 'in', [...args.channels]);
  if (args.excludeChannels && args.excludeChannels.length > 0) {
    q = q.where('channel', 'not in', [...args.excludeChannels]);
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(args.limit).execute();
}
