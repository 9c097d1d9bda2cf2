import { type Json, type JsonObject, RevloopsError } from '../../kernel/index.js';
import {
  approveReviewItem,
  grantOf,
  listReviewItemViews,
  type ReviewActionResult,
  type ReviewItemView,
  reassignReviewItem,
  rejectReviewItem,
  reviewItemDetail,
  setField,
} from '../../runtime/index.js';
import type { ServerContext } from '../context.js';
import type { Principal } from '../principal.js';

/** True when a principal may see an item: admins all, others what the runtime would let them act on. */
function visible(p: Principal, item: ReviewItemView): boolean {
  return p.role === 'admin' || grantOf(p.actor, item.assignee, []) !== undefined;
}

/** Review items a principal may see: an admin every item; others their own, their team's (managers) and their roles'. */
export function listItems(
  ctx: ServerContext,
  p: Principal,
  q: {
    queue?: string | undefined;
    loop?: string | undefined;
    status?: string | undefined;
    limit: number;
    after?: string | undefined;
  },
): Promise<ReviewItemView[]> {
  return listReviewItemViews(
    ctx.engine,
    {
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.loop ? { loop: q.loop } : {}),
      ...(q.status && q.status !== 'all' ? { status: q.status } : {}),
      ...(p.role === 'admin' ? {} : { for: p.actor }),
      limit: q.limit,
      ...(q.after ? { after: q.after } : {}),
    },
    ctx.clock(),
  );
}

/** One item with the decision that created it and the actions on it; NOT_FOUND when the principal may not see it. */
export async function itemDetail(ctx: ServerContext, p: Principal, id: string) {
  const d = await reviewItemDetail(ctx.engine, id, ctx.clock());
  if (!visible(p, d.item)) throw new RevloopsError('NOT_FOUND', `no review item ${id}`);
  return { item: d.item, created: d.created ?? null, actions: d.actions };
}

/** What a reviewer does with an item. */
type ReviewAction =
  | { action: 'approve'; reason?: string | undefined }
  | {
      action: 'edit';
      set?: { path: string; value?: unknown }[] | undefined;
      proposed?: Record<string, unknown> | undefined;
      reason?: string | undefined;
    }
  | { action: 'reject'; reason: string }
  | { action: 'reassign'; to: string; reason?: string | undefined };

/** Carries out a review action as the principal, through the runtime's authorization. */
export async function actOnItem(
  ctx: ServerContext,
  p: Principal,
  id: string,
  a: ReviewAction,
): Promise<ReviewActionResult> {
  const { item } = await itemDetail(ctx, p, id);
  const now = ctx.clock();
  const reason = a.reason ? { reason: a.reason } : {};
  switch (a.action) {
    case 'approve':
      return approveReviewItem(ctx.engine, item.id, p.actor, reason, now);
    case 'edit': {
      if (!a.proposed && (a.set ?? []).length === 0)
        throw new RevloopsError(
          'USAGE',
          'an edit needs `set` (path and value) or a whole `proposed` action',
          [{ path: 'body.set', message: 'expected at least one change' }],
        );
      const action =
        (a.proposed as JsonObject | undefined) ??
        (a.set ?? []).reduce((acc, s) => setField(acc, s.path, s.value as Json), item.proposedAction);
      return approveReviewItem(ctx.engine, item.id, p.actor, { action, ...reason }, now);
    }
    case 'reject':
      return rejectReviewItem(ctx.engine, item.id, p.actor, a.reason, now);
    case 'reassign':
      return reassignReviewItem(ctx.engine, item.id, p.actor, a.to, a.reason, now);
  }
}
