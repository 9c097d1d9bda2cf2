import type { ReviewItemEffect } from '../../kernel/index.js';
import type { Db } from '../open-store.js';
import type { ReviewItemTable } from '../schema.js';
import { chunks } from './chunks.js';

/** A review item to open, with the decision that created it. */
export interface NewReviewItem {
  loop: string;
  decisionId: string;
  item: ReviewItemEffect;
  now: string;
}

/** Opens a review item from a decision's effect. */
export async function insertReviewItem(db: Db, args: NewReviewItem): Promise<void> {
  await insertReviewItems(db, [args]);
}

/** Opens many review items with multi-row inserts. */
export async function insertReviewItems(db: Db, items: readonly NewReviewItem[]): Promise<void> {
  for (const chunk of chunks(items, 300)) {
    await db
      .insertInto('review_items')
      .values(
        chunk.map(({ item, loop, decisionId, now }) => ({
          id: item.id,
          loop,
          queue: item.queue,
          decision_id: decisionId,
          subject: item.subject ?? null,
          assignee: item.assignee ?? null,
          proposed_action: JSON.stringify(item.proposedAction),
          confidence: item.confidence ?? null,
          reasoning: item.reasoning,
          status: 'open',
          due_at:
            item.slaHours === undefined
              ? null
              : new Date(Date.parse(now) + item.slaHours * 3_600_000).toISOString(),
          created_at: now,
          resolved_at: null,
          resolution: null,
        })),
      )
      .execute();
  }
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
