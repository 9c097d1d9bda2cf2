import { z } from 'zod';
import { getProposal, proposals } from '../../feedback/index.js';
import { defineRoute } from '../route.js';
import { FieldChange, IdParams, ProposalSchema } from '../schemas.js';
import { actOnProposal, proposeConfigChange } from '../services/proposals.js';

const DECIDERS = ['admin', 'ops'] as const;

const ActBody = z
  .strictObject({ reason: z.string().min(1).max(2000).optional().describe('Why.') })
  .default({});
const ActResult = z.object({
  proposal: ProposalSchema,
  decisionId: z.string(),
  version: z.string().optional().describe('The config version the loop runs from now on.'),
  commit: z.string().nullable().optional(),
  diff: z.string().optional(),
});

/** The body of a proposed config change. */
const NewProposal = z.strictObject({
  loop: z.string().min(1).describe('The loop whose config changes.'),
  title: z.string().min(1).max(300).describe('What the change is, in a sentence.'),
  changes: z.array(FieldChange).min(1).describe('Config fields to set.'),
  reason: z.string().max(2000).optional().describe('Why.'),
  window: z.string().default('7d').describe('History the backtest re-runs: 7d, 24h, 90m.'),
});

const action = (verb: 'accept' | 'reject' | 'rollback', summary: string) =>
  defineRoute({
    method: 'POST',
    url: `/v1/proposals/:id/${verb}`,
    tag: 'proposals',
    summary,
    description: "Only the loop's owner or an admin role of the workspace's governance may decide.",
    roles: DECIDERS,
    params: IdParams,
    body: verb === 'reject' ? z.strictObject({ reason: z.string().min(1).max(2000) }) : ActBody,
    response: ActResult,
    handler: (ctx, { params, body, principal }) =>
      actOnProposal(ctx, principal, params.id, verb, (body as { reason?: string }).reason),
  });

/** Proposals: list, show, propose, accept, reject, roll back. */
export const proposalRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/proposals',
    tag: 'proposals',
    summary: 'Proposals, newest first',
    roles: ['admin', 'ops', 'manager'],
    query: z.object({
      loop: z.string().optional(),
      status: z.enum(['open', 'accepted', 'rejected', 'superseded', 'rolled-back', 'all']).default('open'),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    response: z.object({ proposals: z.array(ProposalSchema) }),
    handler: async (ctx, { query }) => ({
      proposals: await proposals(ctx.engine.store.db, {
        ...(query.loop ? { loop: query.loop } : {}),
        ...(query.status === 'all' ? {} : { status: query.status }),
        limit: query.limit,
      }),
    }),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/proposals/:id',
    tag: 'proposals',
    summary: 'One proposal: evidence, YAML diff, backtest before/after, rollback criteria',
    roles: ['admin', 'ops', 'manager'],
    params: IdParams,
    response: ProposalSchema,
    handler: (ctx, { params }) => getProposal(ctx.engine.store.db, params.id),
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/proposals',
    tag: 'proposals',
    summary: 'Propose a config change: it gets a YAML diff, a backtest and rollback criteria',
    roles: ['admin', 'ops', 'agent'],
    body: NewProposal,
    response: ProposalSchema,
    status: 201,
    handler: (ctx, { body, principal }) => proposeConfigChange(ctx, principal, body),
  }),
  action('accept', 'Accept: write the patched YAML (commit it in git), run the new config version'),
  action('reject', 'Reject with a reason'),
  action('rollback', 'Restore the config an accepted proposal replaced'),
];
