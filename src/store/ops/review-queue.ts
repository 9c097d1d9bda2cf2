import { sql } from 'kysely';
import type { Db } from '../open-store.js';
import type { ReviewItemTable } from '../schema.js';

/** The states of a review item. */
export type ReviewStatus = 'open' | 'approved' | 'rejected';

/** One review item by id, or by a unique prefix (at least 8 characters). */
export async function findReviewItems(db: Db, id: string): Promise<ReviewItemTable[]> {
  const exact = await db.selectFrom('review_items').selectAll().where('id', '=', id).execute();
  if (exact.length > 0 || id.length < 8) return exact;
  return db
    .selectFrom('review_items')
    .selectAll()
    .where('id', '>=', id)
    .where('id', '<', `${id}\uffff`)
    .limit(2)
    .execute();
}

/** Review items, oldest first, by queue, loop and status, one page at a time. */
export async function queryReviewItems(
  db: Db,
  q: { queue?: string; loop?: string; status?: string; afterId?: string; limit: number },
): Promise<ReviewItemTable[]> {
  let query = db.selectFrom('review_items').selectAll().orderBy('id').limit(q.limit);
  if (q.queue) query = query.where('queue', '=', q.queue);
  if (q.loop) query = query.where('loop', '=', q.loop);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.afterId) query = query.where('id', '>', q.afterId);
  return query.execute();
}

/** Resolves an open item; false when it is no longer open (someone acted first). */
export async function resolveReviewItem(
  db: Db,
  args: { id: string; status: Exclude<ReviewStatus, 'open'>; by: string; resolution: unknown; now: string },
): Promise<boolean> {
  const r = await db
    .updateTable('review_items')
    .set({
      status: args.status,
      resolved_by: args.by,
      resolved_at: args.now,
      resolution: JSON.stringify(args.resolution),
      updated_at: args.now,
    })
    .where('id', '=', args.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Gives an open item a new assignee; false when it is no longer open. */
export async function reassignReviewItem(
  db: Db,
  args: { id: string; assignee: string; now: string },
): Promise<boolean> {
  const r = await db
    .updateTable('review_items')
    .set({ assignee: args.assignee, updated_at: args.now })
    .where('id', '=', args.id)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Open items that may be overdue: due by now, or without a due time of their own in a queue that
 * sets an SLA (the caller applies the queue's SLA), oldest first.
 */
export async function dueReviewItems(
  db: Db,
  args: { now: string; queuesWithSla: readonly string[]; limit: number },
): Promise<ReviewItemTable[]> {
  return db
    .selectFrom('review_items')
    .selectAll()
    .where('status', '=', 'open')
    .where((eb) =>
      eb.or([
        eb('due_at', '<=', args.now),
        ...(args.queuesWithSla.length > 0
          ? [eb.and([eb('due_at', 'is', null), eb('queue', 'in', [...args.queuesWithSla])])]
          : []),
      ]),
    )
    .orderBy('id')
    .limit(args.limit)
    .execute();
}

/**
 * Records that escalation level `level` fired, once: the update holds only while the item is
 * open and at the level before, so two workers cannot fire the same level twice.
 */
export async function markEscalated(
  db: Db,
  args: { id: string; level: number; assignee?: string; now: string },
): Promise<boolean> {
  const r = await db
    .updateTable('review_items')
    .set({
      escalations: args.level,
      escalated_at: args.now,
      updated_at: args.now,
      ...(args.assignee ? { assignee: args.assignee } : {}),
    })
    .where('id', '=', args.id)
    .where('status', '=', 'open')
    .where(sql`coalesce(escalations, 0)`, '=', args.level - 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
