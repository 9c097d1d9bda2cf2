import { z } from 'zod';
import { RevloopsError } from '../../kernel/index.js';
import { decisionReadsJson, getDecisionView, listDecisionViews } from '../../store/index.js';
import { apiDecision } from '../decision-view.js';
import { defineRoute } from '../route.js';
import { ChainLink, DecisionReads, DecisionSchema, IdParams } from '../schemas.js';
import { explainDecision, leadChain } from '../services/decisions.js';

const READERS = ['admin', 'ops', 'manager', 'agent'] as const;

const ListQuery = z.object({
  loop: z.string().optional().describe('Only this loop.'),
  subject: z.string().optional().describe('Only this subject, e.g. lead:l1.'),
  mode: z.enum(['live', 'simulation', 'shadow', 'replay', 'review', 'feedback']).optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Only decisions made since this instant.'),
  after: z.string().optional().describe('Only decisions after this id (the last id of the previous page).'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Decisions: list, explain one, and a lead's chain across loops. */
export const decisionRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/decisions',
    tag: 'decisions',
    summary: 'List decisions, oldest first',
    roles: READERS,
    query: ListQuery,
    response: z.object({ decisions: z.array(DecisionSchema), next: z.string().nullable() }),
    handler: async (ctx, { query }) => {
      const decisions = await listDecisionViews(ctx.engine.store.db, {
        limit: query.limit,
        ...(query.loop ? { loop: query.loop } : {}),
        ...(query.subject ? { subject: query.subject } : {}),
        ...(query.mode ? { mode: query.mode } : {}),
        ...(query.since ? { since: new Date(query.since).toISOString() } : {}),
        ...(query.after ? { afterId: query.after } : {}),
      });
      return {
        decisions: decisions.map(apiDecision),
        next: decisions.length === query.limit ? (decisions.at(-1)?.id ?? null) : null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/decisions/:id',
    tag: 'decisions',
    summary: 'Explain a decision',
    description:
      'The decision with its versions, trace and effects, its chain, and the text `revloops explain` prints.',
    roles: READERS,
    params: IdParams,
    response: z.object({
      decision: DecisionSchema,
      chain: z.array(ChainLink).describe('The links of its chain: up to 100 on each side of it.'),
      chainLength: z.number().int().describe('How many decisions the chain has.'),
      text: z.string(),
    }),
    handler: (ctx, { params }) => explainDecision(ctx, params.id),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/decisions/:id/reads',
    tag: 'decisions',
    summary: 'What a decision read',
    description:
      'Every record read of the run with its result, as replay uses them. Explanations and lists leave them out: a scheduled run can read every record of a kind.',
    roles: READERS,
    params: IdParams,
    response: DecisionReads,
    handler: async (ctx, { params, reply }) => {
      const reads = await decisionReadsJson(ctx.engine.store.db, params.id);
      if (reads === undefined) throw new RevloopsError('NOT_FOUND', `no decision ${params.id}`);
      // Sent as the text it is, not parsed and written again.
      reply.type('application/json; charset=utf-8');
      return `{"reads":${reads}}`;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/decisions/:id/effects',
    tag: 'decisions',
    summary: "A decision's effects, a page at a time",
    description:
      'Every record write, task, notification, handoff and review item the decision caused, in order; explanations and lists carry the first 200.',
    roles: READERS,
    params: IdParams,
    query: z.object({
      offset: z.coerce.number().int().min(0).default(0).describe('Effects to skip.'),
      limit: z.coerce.number().int().min(1).max(5000).default(1000),
    }),
    response: z.object({
      effects: z.array(z.record(z.string(), z.unknown())),
      total: z.number().int(),
      next: z.number().int().nullable().describe('The offset of the next page, or null after the last.'),
    }),
    handler: async (ctx, { params, query }) => {
      const d = await getDecisionView(ctx.engine.store.db, params.id);
      if (!d) throw new RevloopsError('NOT_FOUND', `no decision ${params.id}`);
      const end = query.offset + query.limit;
      return {
        effects: d.effects.slice(query.offset, end),
        total: d.effects.length,
        next: end < d.effects.length ? end : null,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/leads/:id/chain',
    tag: 'decisions',
    summary: "A lead's chain of decisions across loops",
    description:
      'Every decision about lead:<id> and every decision in their chains (handoffs, reviews), in order.',
    roles: READERS,
    params: IdParams,
    response: z.object({ lead: z.string(), decisions: z.array(DecisionSchema) }),
    handler: async (ctx, { params }) => ({ lead: params.id, decisions: await leadChain(ctx, params.id) }),
  }),
];
