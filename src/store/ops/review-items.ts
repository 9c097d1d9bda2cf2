import type { ReviewItemEffect } from '../../kernel/index.js';
import type { Db } from '../open-store.js';
import type { ReviewItemTable } from '../schema.js';

/** Opens a review item from a decision's effect. */
export async function insertReviewItem(
  db: Db,
  args: { loop: string; decisionId: string; item: ReviewItemEffect; now: string },
): Promise<void> {
  const { item } = args;
  const due =
    item.slaHours === undefined
      ? null
      : new Date(Date.parse(args.now) + item.slaHours * 3_600_000).toISOString();
  await db
    .insertInto('review_items')
    .values({
      id: item.id,
      loop: args.loop,
      queue: item.queue,
      decision_id: args.decisionId,
      subject: item.subject ?? null,
      assignee: item.assignee ?? null,
      proposed_action: JSON.stringify(item.proposedAction),
      confidence: item.confidence ?? null,
      reasoning: item.reasoning,
      status: 'open',
      due_at: due,
      created_at: args.now,
      resolved_at: null,
      resolution: null,
    })
    .execute();
}

/** Review items, oldest first. */
export async function listReviewItems(
  db: Db,
  args: { queue?: string; status?: string },
): Promise<ReviewItemTable[]> {
  let q = db.selectFrom('review_items').selectAll().orderBy('id');
  if (args.queue) q = q.where('queue', '=', args.queue);
  if (args.status) q = q.where('status', '=', args.status);
  return q.execute();
}
