import { z } from 'zod';
import { apiDecision } from '../decision-view.js';
import { defineRoute } from '../route.js';
import {
  DecisionSchema,
  FieldChange,
  IdParams,
  JsonObject,
  ReviewActionSchema,
  ReviewItemSchema,
} from '../schemas.js';
import { actOnItem, itemDetail, listItems } from '../services/review.js';

const REVIEWERS = ['admin', 'manager', 'rep', 'agent'] as const;
const Reason = z.string().min(1).max(2000).optional().describe('Why.');

const ListQuery = z.object({
  queue: z.string().optional().describe('Only this queue.'),
  loop: z.string().optional().describe('Only items of this loop.'),
  status: z.enum(['open', 'approved', 'rejected', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('The `next` of the previous page: only items after it.'),
});

/** Review items: a rep sees their own, a manager their team's, an admin all. */
export const reviewRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/review-items',
    tag: 'review',
    summary: 'Review items the caller may act on, oldest first',
    roles: REVIEWERS,
    query: ListQuery,
    response: z.object({
      items: z.array(ReviewItemSchema),
      next: z.string().nullable().describe('Pass as `after` for the next page; null after the last.'),
    }),
    handler: async (ctx, { query, principal }) => {
      const items = await listItems(ctx, principal, query);
      return { items, next: items.length === query.limit ? (items.at(-1)?.id ?? null) : null };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/review-items/:id',
    tag: 'review',
    summary: 'One review item with the decision that created it and every action on it',
    description: 'An item the caller may not act on answers 404, as if it did not exist.',
    roles: REVIEWERS,
    params: IdParams,
    response: z.object({
      item: ReviewItemSchema,
      created: DecisionSchema.nullable(),
      actions: z.array(DecisionSchema),
    }),
    handler: async (ctx, { params, principal }) => {
      const { item, created, actions } = await itemDetail(ctx, principal, params.id);
      return {
        item,
        created: created ? apiDecision(created) : null,
        actions: actions.map(apiDecision),
      };
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/review-items/:id/approve',
    tag: 'review',
    summary: 'Approve the proposed action as it is',
    roles: REVIEWERS,
    params: IdParams,
    body: z.strictObject({ reason: Reason }).default({}),
    response: ReviewActionSchema,
    handler: (ctx, { params, body, principal }) =>
      actOnItem(ctx, principal, params.id, { action: 'approve', reason: body.reason }),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/review-items/:id/edit',
    tag: 'review',
    summary: 'Edit the proposed action, then approve it (the field-level diff is kept)',
    roles: REVIEWERS,
    params: IdParams,
    body: z.strictObject({
      set: z.array(FieldChange).optional().describe('Fields of the proposed action to change.'),
      proposed: JsonObject.optional().describe('Or the whole action, replaced.'),
      reason: Reason,
    }),
    response: ReviewActionSchema,
    handler: (ctx, { params, body, principal }) =>
      actOnItem(ctx, principal, params.id, {
        action: 'edit',
        set: body.set,
        proposed: body.proposed,
        reason: body.reason,
      }),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/review-items/:id/reject',
    tag: 'review',
    summary: 'Reject with a reason',
    roles: REVIEWERS,
    params: IdParams,
    body: z.strictObject({ reason: z.string().min(1).max(2000).describe('Why.') }),
    response: ReviewActionSchema,
    handler: (ctx, { params, body, principal }) =>
      actOnItem(ctx, principal, params.id, { action: 'reject', reason: body.reason }),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/review-items/:id/reassign',
    tag: 'review',
    summary: 'Give the item to another user, team:<id> or role:<name>',
    roles: REVIEWERS,
    params: IdParams,
    body: z.strictObject({ to: z.string().min(1).max(200), reason: Reason }),
    response: ReviewActionSchema,
    handler: (ctx, { params, body, principal }) =>
      actOnItem(ctx, principal, params.id, { action: 'reassign', to: body.to, reason: body.reason }),
  }),
];
