import {
  checkContract,
  type Decided,
  defineLoop,
  type JsonObject,
  type LoopContext,
  type Trace,
} from '../../kernel/index.js';
import { QualifyConfig } from './config.js';
import {
  LeadCreated,
  LeadOutcome,
  LeadQualified,
  QualifyInput,
  type QualifyOutput,
  QualifyResult,
} from './contract.js';
import { enrichLead } from './enrich-lead.js';
import { toJson } from './factors.js';
import { qualifyFeedback } from './feedback.js';
import {
  companyDomain,
  compileModel,
  type ScoreResult,
  type ScoringModel,
  scoreLead,
  scoringSubject,
} from './logic.js';
import { qualifyMetrics } from './metrics.js';
import { OUTCOME_EVENTS, observeOutcome } from './outcomes.js';

const MODEL_CACHE_SIZE = 16;
const models = new Map<string, ScoringModel>();

/** The compiled model of a config version. The version is the config's content hash, so it names one config. */
function modelFor(ctx: LoopContext<QualifyConfig>): ScoringModel {
  let model = models.get(ctx.configVersion);
  if (!model) {
    model = compileModel(ctx.config);
    if (models.size >= MODEL_CACHE_SIZE) models.delete(models.keys().next().value ?? '');
    models.set(ctx.configVersion, model);
  }
  return model;
}

function traceScore(trace: Trace, result: ScoreResult): void {
  for (const c of result.contributions) trace.factor(c.factor, c.value, c.points, c.reason, c.group);
  for (const cap of result.caps) {
    const { scope, limit, before, after, adjustment, reason } = cap;
    trace.step('cap', { scope, limit, before, after, adjustment, reason });
  }
  trace.step('fit-coverage', { known: result.fitCoverage.known, total: result.fitCoverage.total });
  for (const g of result.gradeChecks) trace.rule(`grade ${g.grade}`, g.matched, g.reason);
  const { fit, engagement, negative } = result.groups;
  trace.step('score', { fit, engagement, negative, score: result.score, grade: result.grade });
}

/** The lead's own fields, written when the records hold no lead yet (activities stay with the event). */
function ownFields(lead: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(lead))
    if (k !== 'id' && k !== 'activities' && v !== undefined) out[k] = toJson(v);
  return out;
}

/** The name to hand on: `name` when the lead has one, else first and last name. */
function fullName(subject: Record<string, unknown>): { name?: string } {
  const given = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';
  const name = given(subject.name)
    ? subject.name
    : [subject.firstName, subject.lastName].filter(given).join(' ');
  return name === '' ? {} : { name };
}

/**
 * The lead.qualified payload (see LeadQualified): what routing needs, with unknown fields left out,
 * and the account enrichment matched the company to, so routing need not guess it from the domain.
 */
function handoffPayload(
  model: ScoringModel,
  subject: Record<string, unknown>,
  result: ScoreResult,
  version: string,
  matchedAccount: JsonObject | null,
): JsonObject {
  const text = (k: string) =>
    typeof subject[k] === 'string' && subject[k] !== '' ? { [k]: subject[k] as string } : {};
  const domain = companyDomain(model, subject);
  return {
    leadId: String(subject.id),
    email: String(subject.email),
    ...(domain === undefined ? {} : { domain }),
    ...fullName(subject),
    ...text('firstName'),
    ...text('lastName'),
    ...text('title'),
    ...text('company'),
    ...text('country'),
    ...text('region'),
    ...(typeof subject.employees === 'number' ? { employees: subject.employees } : {}),
    ...text('industry'),
    ...text('source'),
    score: result.score,
    grade: result.grade,
    fitScore: result.groups.fit,
    engagementScore: result.groups.engagement,
    topReasons: result.topReasons,
    scoringVersion: version,
    ...(matchedAccount === null ? {} : { matchedAccount }),
  };
}

/** Scores one new lead: its record, enrichment, the score, the write-back and the handoff. */
async function qualifyLead(
  ctx: LoopContext<QualifyConfig>,
  lead: LeadCreated,
): Promise<Decided<QualifyOutput>> {
  const model = modelFor(ctx);
  const stored = await ctx.records.get('lead', lead.id);
  const { subject, filled } = scoringSubject(lead, stored?.values);
  ctx.trace.step('lead-record', { found: stored !== null, filledFromRecord: filled });
  const recordId = lead.id;
  const subjectKey = `lead:${recordId}`;
  const enrichment = await enrichLead(ctx, subject, subjectKey, companyDomain(model, subject));
  const result = scoreLead(model, subject, ctx.clock.now());
  traceScore(ctx.trace, result);
  ctx.write('lead', recordId, {
    ...(stored ? {} : ownFields(lead)),
    ...enrichment?.write,
    score: result.score,
    grade: result.grade,
    fitScore: result.groups.fit,
    engagementScore: result.groups.engagement,
    scoreReasons: result.topReasons,
    scoredAt: ctx.clock.iso(),
    scoringVersion: ctx.configVersion,
  });
  const payload = handoffPayload(
    model,
    subject,
    result,
    ctx.configVersion,
    enrichment?.matchedAccount ?? null,
  );
  ctx.handoff('lead.qualified', payload, subjectKey);
  const output: QualifyOutput = {
    leadId: recordId,
    score: result.score,
    fit: result.groups.fit,
    engagement: result.groups.engagement,
    negative: result.groups.negative,
    grade: result.grade,
    topReasons: result.topReasons,
    ...(enrichment ? { enrichment: enrichment.summary } : {}),
  };
  return ctx.decide(output, { confidence: 1, subject: subjectKey, reasons: result.topReasons });
}

/**
 * Qualify: enriches each new lead from the provider waterfall in loops/qualify.yaml, scores it with
 * the weighted model (fit, engagement and negative groups with caps), grades it, writes score and
 * reasons back to the lead record, and hands it to routing as lead.qualified. It also observes what
 * became of the leads it scored (converted, won, lost), which is what calibration learns from.
 */
export const qualifyLoop = defineLoop({
  name: 'qualify',
  version: '1.2.0',
  description:
    'Enriches and scores each new lead with a weighted fit + engagement model, grades it A-D, writes back and hands off to routing; measures conversion by grade.',
  archetypes: ['event'],
  config: QualifyConfig,
  triggers: [
    { kind: 'event', on: 'lead.created', input: LeadCreated },
    ...Object.keys(OUTCOME_EVENTS).map((on) => ({ kind: 'event' as const, on, input: LeadOutcome })),
  ],
  input: QualifyInput,
  output: QualifyResult,
  outputs: ['decision', 'record_write', 'handoff', 'review_item'],
  emits: [
    { type: 'lead.qualified', schema: LeadQualified, description: 'A scored, graded lead, ready to route.' },
  ],
  run: async (ctx, input) => {
    const type = ctx.eventType ?? 'lead.created';
    const outcome = OUTCOME_EVENTS[type];
    if (outcome) return observeOutcome(ctx, checkContract(LeadOutcome, input, `${type} payload`), outcome);
    return qualifyLead(ctx, checkContract(LeadCreated, input, `input of loop qualify (${type})`));
  },
  metrics: qualifyMetrics,
  feedback: qualifyFeedback,
});
