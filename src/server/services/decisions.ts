import { explainText, linksNear } from '../../cli/commands/explain-format.js';
import { type DecisionView, RevloopsError } from '../../kernel/index.js';
import { chainLinks, chainViews, getDecisionView, listDecisionViews } from '../../store/index.js';
import type { ServerContext } from '../context.js';
import { apiDecision } from '../decision-view.js';

/** Links of a chain an explanation carries on each side of its decision. */
const API_LINKS = 100;

/** A decision with its chain and the explanation `revloops explain` prints. */
export async function explainDecision(ctx: ServerContext, id: string) {
  const db = ctx.engine.store.db;
  const decision = await getDecisionView(db, id);
  if (!decision) throw new RevloopsError('NOT_FOUND', `no decision ${id}`);
  const chain = await chainLinks(db, decision.rootId);
  // A scheduled run can hand on thousands of decisions: the links around this one, and how many.
  return {
    decision: apiDecision(decision),
    chain: chain.slice(...linksNear(chain, id, API_LINKS)),
    chainLength: chain.length,
    text: explainText(decision, chain),
  };
}

/**
 * Every decision about a lead across loops, in order: the decisions whose subject is the lead and
 * every decision in their chains (a review, a handoff downstream), each once.
 */
export async function leadChain(ctx: ServerContext, leadId: string): Promise<DecisionView[]> {
  const db = ctx.engine.store.db;
  const about = await listDecisionViews(db, { subject: `lead:${leadId}`, limit: 1000 });
  if (about.length === 0) throw new RevloopsError('NOT_FOUND', `no decision about lead:${leadId}`);
  const byId = new Map<string, DecisionView>();
  for (const root of new Set(about.map((d) => d.rootId)))
    for (const d of await chainViews(db, root)) byId.set(d.id, d);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(apiDecision);
}
