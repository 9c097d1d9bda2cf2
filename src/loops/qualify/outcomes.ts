import type { Decided, JsonObject, LoopContext, StoredRecord } from '../../kernel/index.js';
import type { QualifyConfig } from './config.js';
import type { LeadOutcome, OutcomeObserved } from './contract.js';

/** The outcome events qualify observes, and the outcome each stands for. */
export const OUTCOME_EVENTS: Readonly<Record<string, OutcomeObserved['outcome']>> = {
  'lead.converted': 'converted',
  'opportunity.won': 'won',
  'opportunity.lost': 'lost',
};

type Ctx = LoopContext<QualifyConfig>;

/** The lead an outcome is about: its `leadId`, the event's `lead:` subject, or the lead that converted to the opportunity. */
async function findLead(ctx: Ctx, o: LeadOutcome): Promise<{ id: string | null; lead: StoredRecord | null }> {
  const fromSubject = ctx.subject?.startsWith('lead:') ? ctx.subject.slice(5) : undefined;
  const leadId = o.leadId ?? fromSubject;
  if (leadId !== undefined) return { id: leadId, lead: await ctx.records.get('lead', leadId) };
  const opportunity = o.opportunityId ?? o.id;
  if (opportunity === undefined) return { id: null, lead: null };
  const [lead] = await ctx.records.find('lead', { opportunityId: opportunity }, { limit: 1 });
  return { id: lead?.id ?? null, lead: lead ?? null };
}

/**
 * Records an outcome of a lead (converted, or its opportunity won or lost) against the grade and
 * score qualify gave it, so conversion by grade, lift and AUC can be measured. Writes the outcome on
 * the lead record (`converted`, `convertedAt`, `opportunityId`, `won`, `closedAt`), where calibration
 * reads it back.
 */
export async function observeOutcome(
  ctx: Ctx,
  o: LeadOutcome,
  outcome: OutcomeObserved['outcome'],
): Promise<Decided<OutcomeObserved>> {
  const { id, lead } = await findLead(ctx, o);
  const values = lead?.values ?? {};
  const grade = typeof values.grade === 'string' ? values.grade : null;
  const score = typeof values.score === 'number' ? values.score : null;
  const version = typeof values.scoringVersion === 'string' ? values.scoringVersion : null;
  const at = o.at ?? ctx.clock.iso();
  const opportunity = o.opportunityId ?? (outcome === 'converted' ? undefined : o.id);
  if (lead) {
    const write: JsonObject =
      outcome === 'converted'
        ? { converted: true, convertedAt: at }
        : { converted: true, won: outcome === 'won', closedAt: at };
    if (opportunity !== undefined) write.opportunityId = opportunity;
    ctx.write('lead', lead.id, write);
  }
  ctx.trace.step('outcome', { outcome, leadId: id, found: lead !== null, grade, score, at });
  const output: OutcomeObserved = { leadId: id, outcome, grade, score, scoringVersion: version };
  const reason = lead
    ? `lead ${id}, graded ${grade ?? 'never'}${score === null ? '' : ` (score ${score})`}, ${outcome}`
    : `no lead record ${id ?? 'found'} for this ${outcome} event`;
  return ctx.decide(output, { confidence: 1, ...(id ? { subject: `lead:${id}` } : {}), reasons: [reason] });
}
