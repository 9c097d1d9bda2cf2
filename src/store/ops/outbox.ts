import type { Db } from '../open-store.js';
import type { OutboxTable } from '../schema.js';

/** Queues a message that leaves the system; the worker delivers it. */
export async function enqueueOutbox(
  db: Db,
  args: { id: string; decisionId: string; channel: string; recipient: string; payload: unknown; now: string },
): Promise<void> {
  await db
    .insertInto('outbox')
    .values({
      id: args.id,
      decision_id: args.decisionId,
      channel: args.channel,
      recipient: args.recipient,
      payload: JSON.stringify(args.payload),
      status: 'pending',
      attempts: 0,
      next_attempt_at: args.now,
      last_error: null,
      created_at: args.now,
      delivered_at: null,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Outbox rows, oldest first. */
export async function listOutbox(db: Db, args: { status?: string; limit: number }): Promise<OutboxTable[]> {
  let q = db.selectFrom('outbox').selectAll().orderBy('id').limit(args.limit);
  if (args.status) q = q.where('status', '=', args.status);
  return q.execute();
}
