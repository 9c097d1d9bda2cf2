import { sql } from 'kysely';
import type { Db } from '../open-store.js';
import type { OutboxTable } from '../schema.js';
import { chunks } from './chunks.js';

/** A message to queue for delivery. */
export interface NewOutboxRow {
  id: string;
  decisionId: string;
  channel: string;
  recipient: string;
  payload: unknown;
  now: string;
}

/** Queues a message that leaves the system; the worker delivers it. Idempotent by id. */
export async function enqueueOutbox(db: Db, args: NewOutboxRow): Promise<void> {
  await enqueueOutboxRows(db, [args]);
}

/** Queues many messages with multi-row inserts; ids already queued are left alone. */
export async function enqueueOutboxRows(db: Db, rows: readonly NewOutboxRow[]): Promise<void> {
  for (const chunk of chunks(rows, 300)) {
    await db
      .insertInto('outbox')
      .values(
        chunk.map((r) => ({
          id: r.id,
          decision_id: r.decisionId,
          channel: r.channel,
          recipient: r.recipient,
          payload: JSON.stringify(r.payload),
          status: 'pending',
          attempts: 0,
          next_attempt_at: r.now,
          last_error: null,
          created_at: r.now,
          delivered_at: null,
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** Outbox rows, oldest first. */
export async function listOutbox(db: Db, args: { status?: string; limit: number }): Promise<OutboxTable[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('id').limit(args.limit);
  if (args.status) q = q.where('status', '=', args.status);
  return q.execute();
}

/** Counts outbox rows per status. */
export async function countOutboxByStatus(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('outbox')
    .select(['status', sql<string>`count(*)`.as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
