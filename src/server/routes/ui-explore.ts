import { z } from 'zod';
import { explainText } from '../../cli/commands/explain-format.js';
import type { DecisionView, RecordKind, StoredRecord } from '../../kernel/index.js';
import { chainViews, findRecords, getRecord, listDecisionViews, type Store } from '../../store/index.js';
import { recentDecisions } from '../../store/ops/recent-decisions.js';
import type { ServerContext } from '../context.js';
import { apiDecision } from '../decision-view.js';
import { defineRoute } from '../route.js';
import { DecisionSchema, IdParams, LoopParams } from '../schemas.js';
import { itemDetail } from '../services/review.js';

const READERS = ['admin', 'ops', 'manager', 'agent'] as const;
const MAX_CHAIN = 500;

const Chain = z.object({
  decisions: z.array(DecisionSchema).describe('Oldest first.'),
  texts: z
    .record(z.string(), z.string())
    .describe('The explanation of each decision, as `revloops explain` prints it.'),
});

/**
 * The part of a chain that tells the story of some of its decisions: those decisions, what led to
 * them (their parents, transitively) and what followed from them (their children, transitively).
 * A scheduled scan that escalated ten leads is in each lead's story; the nine other escalations are not.
 */
function storyOf(chain: readonly DecisionView[], about: ReadonlySet<string>): DecisionView[] {
  const byId = new Map(chain.map((d) => [d.id, d]));
  const keep = new Set<string>();
  const up = [...about];
  while (up.length > 0) {
    const id = up.pop() as string;
    if (keep.has(id) || !byId.has(id)) continue;
    keep.add(id);
    up.push(...(byId.get(id) as DecisionView).parentIds);
  }
  const down = new Set(about);
  for (const d of chain) // chains are in id order, so parents come before their children
    if (d.parentIds.some((p) => down.has(p))) down.add(d.id);
  return chain.filter((d) => keep.has(d.id) || down.has(d.id));
}

/** The stories of the given decisions in their chains, oldest first, each decision with its explanation. */
async function chainsOf(db: Store['db'], about: readonly DecisionView[]) {
  const byId = new Map<string, DecisionView>();
  const texts: Record<string, string> = {};
  const ids = new Set(about.map((d) => d.id));
  for (const root of new Set(about.map((d) => d.rootId))) {
    if (byId.size >= MAX_CHAIN) break;
    const chain = await chainViews(db, root);
    for (const d of storyOf(chain, ids)) {
      byId.set(d.id, d);
      texts[d.id] = explainText(d, chain);
    }
  }
  const decisions = [...byId.values()]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map(apiDecision);
  return { decisions, texts };
}

const label = (r: StoredRecord) => {
  const v = r.values;
  const person = [v.firstName, v.lastName].filter((x) => typeof x === 'string').join(' ');
  const parts = [v.name, person, v.company, v.email, v.domain].filter(
    (x) => typeof x === 'string' && x !== '',
  );
  return [...new Set(parts as string[])].join(' · ') || r.id;
};

const Found = z.object({
  subject: z.string().describe('kind:id, as decisions name their subject.'),
  kind: z.string(),
  id: z.string(),
  label: z.string(),
});

/** Leads and accounts matching a query: an id, a subject (lead:l-1), an email or a domain. */
async function search(ctx: ServerContext, q: string) {
  const { db, dialect } = ctx.engine.store;
  const found = new Map<string, z.infer<typeof Found>>();
  const add = (kind: RecordKind, r: StoredRecord) =>
    found.set(`${kind}:${r.id}`, { subject: `${kind}:${r.id}`, kind, id: r.id, label: label(r) });
  const subject = /^(lead|account|contact|opportunity):(.+)$/.exec(q);
  const kinds: RecordKind[] = subject ? [subject[1] as RecordKind] : ['lead', 'account', 'contact'];
  const id = subject ? (subject[2] as string) : q;
  for (const kind of kinds) {
    const r = await getRecord(db, kind, id);
    if (r) add(kind, r);
  }
  if (!subject) {
    const email = q.includes('@') ? q.toLowerCase() : null;
    const domain = (email ? email.split('@')[1] : q.includes('.') ? q.toLowerCase() : null) ?? null;
    if (email) for (const r of await findRecords(db, dialect, 'lead', { email }, 20)) add('lead', r);
    if (email) for (const r of await findRecords(db, dialect, 'contact', { email }, 20)) add('contact', r);
    if (domain) for (const r of await findRecords(db, dialect, 'account', { domain }, 20)) add('account', r);
    if (domain && !email)
      for (const r of await findRecords(db, dialect, 'lead', { domain }, 20)) add('lead', r);
  }
  // Decisions can be about a subject whose record is gone or was never stored.
  if (found.size === 0)
    for (const kind of kinds)
      if ((await listDecisionViews(db, { subject: `${kind}:${id}`, limit: 1 })).length > 0)
        found.set(`${kind}:${id}`, { subject: `${kind}:${id}`, kind, id, label: id });
  return [...found.values()];
}

/** The subjects whose decisions make up an account's story: the account, its leads and its contacts. */
async function subjectsOf(ctx: ServerContext, subject: string): Promise<string[]> {
  const m = /^account:(.+)$/.exec(subject);
  if (!m) return [subject];
  const { db, dialect } = ctx.engine.store;
  const account = await getRecord(db, 'account', m[1] as string);
  const out = [subject];
  if (!account) return out;
  for (const c of await findRecords(db, dialect, 'contact', { accountId: account.id }, 100))
    out.push(`contact:${c.id}`);
  const domain = account.values.domain;
  if (typeof domain === 'string')
    for (const l of await findRecords(db, dialect, 'lead', { domain }, 100)) out.push(`lead:${l.id}`);
  return out;
}

/** Routes the web UI's decision explorer, review page and loop page read. */
export const exploreRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/ui/search',
    tag: 'ui',
    summary: 'Find leads, contacts and accounts by id, email or domain',
    roles: READERS,
    query: z.object({
      q: z.string().trim().min(1).max(200).describe('An id, lead:<id>, an email or a domain.'),
    }),
    response: z.object({ results: z.array(Found) }),
    handler: async (ctx, { query }) => ({ results: await search(ctx, query.q) }),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/ui/chain',
    tag: 'ui',
    summary: "A subject's decisions across loops, with every chain they belong to, explained",
    description: "An account's chain includes its contacts' and leads' decisions.",
    roles: READERS,
    query: z.object({ subject: z.string().regex(/^[a-z]+:.+$/, 'expected kind:id, e.g. lead:l-1') }),
    response: Chain.extend({ subjects: z.array(z.string()) }),
    handler: async (ctx, { query }) => {
      const db = ctx.engine.store.db;
      const subjects = await subjectsOf(ctx, query.subject);
      const about: DecisionView[] = [];
      for (const s of subjects)
        about.push(...(await listDecisionViews(db, { subject: s, limit: MAX_CHAIN })));
      return { subjects, ...(await chainsOf(db, about)) };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/ui/review-items/:id/chain',
    tag: 'ui',
    summary: 'The chain of a review item, for whoever may act on it: what created it and what followed',
    description: 'An item the caller may not act on answers 404, as if it did not exist.',
    roles: ['admin', 'manager', 'rep', 'agent'],
    params: IdParams,
    response: Chain,
    handler: async (ctx, { params, principal }) => {
      const { created } = await itemDetail(ctx, principal, params.id);
      return chainsOf(ctx.engine.store.db, created ? [created] : []);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/recent-decisions',
    tag: 'decisions',
    summary: "A loop's newest decisions, newest first",
    roles: READERS,
    params: LoopParams,
    query: z.object({
      mode: z.enum(['live', 'simulation', 'shadow', 'replay', 'review', 'feedback']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(25),
    }),
    response: z.object({ decisions: z.array(DecisionSchema) }),
    handler: async (ctx, { params, query }) => ({
      decisions: (
        await recentDecisions(ctx.engine.store.db, {
          loop: params.loop,
          limit: query.limit,
          ...(query.mode ? { mode: query.mode } : {}),
        })
      ).map(apiDecision),
    }),
  }),
];
