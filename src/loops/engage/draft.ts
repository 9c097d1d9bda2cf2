import {
  type AgentOutcome,
  askAgent,
  type Decided,
  type Json,
  type JsonObject,
  type LoopContext,
} from '../../kernel/index.js';
import { composeSequenceTask, scoreSequenceTask } from './agent.js';
import type { EngageConfig } from './config.js';
import type { EngageOutput } from './contract.js';
import { list, type Signal, str } from './facts.js';
import { type Prospect, type Research, research } from './research.js';
import type { Criterion } from './rubric-config.js';
import { enrolmentBlock, prospectKey } from './safety.js';
import type { DraftStep } from './sequence-compose.js';
import type { Segment } from './sequence-config.js';
import type { CriterionScore, RubricInput } from './sequence-rubric.js';

type Ctx = LoopContext<EngageConfig>;

/** The segment a prospect is in: its own, its account's, else `default`, else the first configured. */
function segmentOf(config: EngageConfig, p: Prospect, given?: string): [string, Segment] {
  const wanted = [given, str(p.values.segment), str(p.account?.values.segment), 'default']
    .filter((s): s is string => Boolean(s))
    .map((s) => s.toLowerCase());
  for (const name of wanted) {
    const s = config.segments[name];
    if (s) return [name, s];
  }
  const [first] = Object.entries(config.segments);
  return first as [string, Segment];
}

/** The facts the rubric checks the text for: the name, the company, the signal and researched details. */
function rubricFacts(r: Research): RubricInput['facts'] {
  const t = r.facts.tree() as { lead?: JsonObject; company?: JsonObject; signal?: JsonObject };
  const h = r.headline;
  const headline = h
    ? [h.round, t.signal?.amount, h.title].filter((x): x is string => typeof x === 'string')
    : [];
  const details = [
    ...(list(t.company?.technologies) ?? []),
    str(t.lead?.campaign),
    str(t.lead?.title),
    str(t.company?.industry),
    ...r.signals.filter((s) => s !== h).map((s) => s.title),
  ].filter((x): x is string => Boolean(x));
  return {
    firstName: str(t.lead?.firstName) ?? null,
    company: str(t.company?.name) ?? null,
    headline,
    details,
  };
}

/** Research with the facts the rubric reads. */
type Researched = Research & { rubricFacts: RubricInput['facts'] };

/** What composing and scoring came to. */
interface Drafting {
  steps: DraftStep[];
  scores: CriterionScore[];
  failing: Criterion[];
  revisions: number;
  flags: string[];
  confidence: number;
}

/** Composes, scores and revises until every criterion passes or the revisions run out. */
async function composeAndScore(ctx: Ctx, r: Researched, segment: Segment): Promise<Drafting> {
  const { rubric, agent } = ctx.config;
  const th = { autoAccept: agent.autoAccept, review: agent.review };
  const templates = ctx.config.sequence.steps.slice(0, segment.steps);
  const facts = r.rubricFacts;
  const flags: string[] = [];
  let revise: { round: number; failing: Criterion[]; shorten: boolean } | null = null;
  for (let round = 0; ; round++) {
    const composed: AgentOutcome<{ steps: DraftStep[]; missing: string[] }> = await askAgent(
      ctx,
      composeSequenceTask,
      {
        facts: r.facts.tree(),
        templates,
        valueProps: segment.valueProps,
        persona: { name: segment.persona, pain: segment.pain },
        waitDays: segment.waitDays,
        avoid: [...rubric.bannedPhrases, ...rubric.vaguePhrases],
        revise,
      },
      th,
    );
    if (!composed.ok)
      return {
        steps: [],
        scores: [],
        failing: [],
        revisions: round,
        flags: [composed.reason],
        confidence: 0,
      };
    if (composed.route !== 'fire')
      flags.push(`composer confidence ${composed.confidence}: ${composed.reasoning}`);
    const steps: DraftStep[] = composed.answer.steps;
    const scored: AgentOutcome<{ criteria: CriterionScore[] }> = await askAgent(
      ctx,
      scoreSequenceTask,
      {
        steps: steps.map((s) => ({ subject: s.subject, lines: s.lines })),
        facts,
        valueProps: segment.valueProps,
        rules: rubric,
      },
      th,
    );
    if (!scored.ok)
      return {
        steps,
        scores: [],
        failing: [],
        revisions: round,
        flags: [...flags, scored.reason],
        confidence: 0,
      };
    const scores: CriterionScore[] = scored.answer.criteria;
    const failing: Criterion[] = scores.filter((c) => c.score < rubric.thresholds[c.id]).map((c) => c.id);
    ctx.trace.step('rubric', {
      round,
      scores: Object.fromEntries(scores.map((c) => [c.id, c.score])),
      failing,
      evidence: Object.fromEntries(scores.map((c) => [c.id, c.evidence])),
    });
    if (failing.length === 0 || round >= rubric.maxRevisions)
      return {
        steps,
        scores,
        failing,
        revisions: round,
        flags,
        confidence: Math.min(composed.confidence, scored.confidence),
      };
    const tooLong = steps.some((s) => s.lines.join(' ').split(/\s+/).length > rubric.words.max);
    revise = { round: round + 1, failing, shorten: failing.includes('length') && tooLong };
  }
}

/**
 * Drafts a sequence for a prospect: enrolment safety first, then research, compose, the rubric with
 * revisions, and the draft in the owner's review queue (flagged with any failing criteria).
 */
export async function draftSequence(
  ctx: Ctx,
  p: Prospect,
  opts: { segment?: string; signal: Signal | null },
): Promise<Decided<EngageOutput>> {
  const key = prospectKey(p);
  const block = await enrolmentBlock(ctx, p);
  if (block) {
    const out: EngageOutput = { kind: 'skipped', code: block.code, reason: block.reason, prospect: key };
    return ctx.decide(out, { confidence: 1, subject: key, reasons: [block.reason] });
  }
  const found = await research(ctx, p, opts.signal);
  const r = { ...found, rubricFacts: rubricFacts(found) };
  const [segmentName, segment] = segmentOf(ctx.config, p, opts.segment);
  ctx.trace.step('segment', { segment: segmentName, persona: segment.persona, steps: segment.steps });
  const d = await composeAndScore(ctx, r, segment);
  const sequenceId = `seq-${p.kind}-${p.id}-${ctx.clock.iso().replace(/\D/g, '').slice(0, 12)}`;
  const passed = d.flags.length === 0 && d.failing.length === 0 && d.scores.length > 0;
  const scores = Object.fromEntries(d.scores.map((c) => [c.id, c.score]));
  const who =
    str(p.values.name) ??
    ([str(p.values.firstName), str(p.values.lastName)].filter(Boolean).join(' ') || key);
  const company = str(r.facts.tree().company && (r.facts.tree().company as JsonObject).name);
  const lead = r.headline ? `leading with "${r.headline.title}"` : 'with no signal to lead with';
  const verdict = passed
    ? 'all seven criteria pass'
    : d.failing.length > 0
      ? `FLAGGED: ${d.failing.map((f) => `${f} ${scores[f]} < ${ctx.config.rubric.thresholds[f]}`).join(', ')} after ${d.revisions} revision(s)`
      : `FLAGGED: ${d.flags.join('; ')}`;
  const proposed: JsonObject = {
    sequenceId,
    prospect: key,
    to: { name: who, email: str(p.values.email) ?? null },
    steps: d.steps.map((s) => ({ waitDays: s.waitDays, subject: s.subject, lines: s.lines })),
  };
  const reviewItem = ctx.review(ctx.config.review.queue, {
    assignee: p.ownerId,
    subject: key,
    proposedAction: proposed,
    confidence: d.confidence,
    reasoning: `${d.steps.length} emails for ${who}${company ? ` (${company})` : ''}, ${lead}; ${verdict}`,
    slaHours: ctx.config.review.slaHours,
  });
  ctx.write('activity', sequenceId, {
    type: 'sequence',
    subject: `Outreach to ${who}`,
    occurredAt: ctx.clock.iso(),
    prospect: key,
    ...(p.kind === 'lead' ? { leadId: p.id } : { contactId: p.id }),
    ...(p.account ? { accountId: p.account.id } : {}),
    ...(r.domain ? { domain: r.domain } : {}),
    email: str(p.values.email) ?? null,
    ownerId: p.ownerId,
    status: 'review',
    segment: segmentName,
    steps: d.steps as unknown as Json,
    rubric: d.scores as unknown as Json,
    failing: d.failing,
    revisions: d.revisions,
    headline: r.headline
      ? { kind: r.headline.kind, title: r.headline.title, source: r.headline.source }
      : null,
    facts: r.facts.all() as unknown as Json,
    rubricFacts: r.rubricFacts as unknown as Json,
    reviewItem,
  });
  ctx.write(p.kind, p.id, { engageStatus: 'review', engageSequenceId: sequenceId }, 'patch');
  const out: EngageOutput = {
    kind: 'drafted',
    sequenceId,
    prospect: key,
    ownerId: p.ownerId,
    segment: segmentName,
    steps: d.steps.length,
    headline: r.headline?.title ?? null,
    rubric: scores,
    passed,
    failing: d.failing,
    revisions: d.revisions,
    reviewItem,
  };
  return ctx.decide(out, {
    confidence: d.confidence,
    subject: key,
    reasons: [
      `researched ${r.facts.all().length} facts, ${lead}`,
      `drafted ${d.steps.length} emails: ${verdict}`,
      `in ${p.ownerId}'s review queue`,
    ],
  });
}
