import { askAgent, type Decided, type JsonObject, type LoopContext } from '../../../kernel/index.js';
import { type EvidenceAnswer, extractEvidenceTask } from './agent.js';
import { carryOver } from './carry-over.js';
import { activeFramework, type DiscoveryConfig, type Framework, requiredDimensions } from './config.js';
import {
  type DimensionResult,
  type DiscoveryOutput,
  type LeadNurture,
  NURTURE_EVENT,
  type OpportunityNotes,
  type OpportunitySqo,
  SQO_EVENT,
} from './contract.js';
import { DEFAULT_HEDGES, DEFAULT_NEGATIONS } from './cues.js';
import { closedStage, type Opportunity, readOpportunity, writeBack } from './opportunity.js';
import { coverageOf, evaluateSqo, type SqoVerdict } from './sqo.js';

type Ctx = LoopContext<unknown>;

/** Every framework dimension in its order, from the answer; one the agent left out counts as missing. */
function completeDimensions(fw: Framework, answer: EvidenceAnswer): DimensionResult[] {
  return fw.dimensions.map(
    (d) =>
      answer.dimensions.find((r) => r.key === d.key) ?? {
        key: d.key,
        label: d.label,
        status: 'missing',
        confidence: 0,
        evidence: [],
        signals: ['the agent gave no answer for this dimension'],
        followUps: [...d.questions],
      },
  );
}

/** One trace step per dimension; the quotes (or, without evidence, the follow-ups) come first, as explain shows them. */
function traceDimensions(ctx: Ctx, dims: readonly DimensionResult[]): void {
  for (const d of dims) {
    const lead = d.status === 'evidenced' ? { evidence: d.evidence } : { followUps: d.followUps };
    ctx.trace.step(`dimension ${d.key}`, {
      status: d.status,
      ...lead,
      confidence: d.confidence,
      ...(d.status === 'evidenced' ? { followUps: d.followUps } : { evidence: d.evidence }),
      signals: d.signals,
    });
  }
}

function sqoPayload(
  opp: Opportunity,
  dims: readonly DimensionResult[],
  amount: number | null,
  out: DiscoveryOutput,
): OpportunitySqo {
  return {
    opportunityId: opp.id,
    accountId: opp.accountId,
    ownerId: opp.ownerId,
    amount: opp.amount ?? amount,
    coverage: out.coverage ?? coverageOf('', dims),
    dimensions: dims
      .filter((d) => d.status === 'evidenced')
      .map((d) => ({ key: d.key, confidence: d.confidence, evidence: d.evidence })),
  };
}

function nurturePayload(opp: Opportunity, out: DiscoveryOutput): LeadNurture {
  return {
    opportunityId: opp.id,
    leadId: opp.leadId,
    contactId: opp.contactId,
    accountId: opp.accountId,
    reason: out.reason,
    coverage: out.coverage ?? { framework: '', covered: [], contradicted: [], missing: [], share: 0 },
  };
}

/** Where a fired qualification goes: SQO, hold (more discovery) or nurture. */
function outcomeOf(config: DiscoveryConfig, verdict: SqoVerdict): DiscoveryOutput['outcome'] {
  if (verdict.qualified) return 'sqo';
  return config.whenNotQualified === 'hold' && !verdict.contradicted ? 'hold' : 'nurture';
}

function followUpTask(
  ctx: Ctx,
  config: DiscoveryConfig,
  opp: Opportunity,
  dims: readonly DimensionResult[],
): void {
  if (!opp.ownerId) return;
  const open = dims.filter((d) => d.status !== 'evidenced');
  const due = new Date(ctx.clock.now().getTime() + config.followUpDays * 86_400_000).toISOString();
  ctx.task({
    title: `Discovery follow-up: ${open.map((d) => d.label).join(', ')}`,
    assignee: opp.ownerId,
    dueAt: due,
    subject: `opportunity:${opp.id}`,
    details: { questions: open.flatMap((d) => d.followUps.map((q) => `${d.label}: ${q}`)) },
  });
}

/**
 * Qualifies an opportunity from call notes: the evidence agent reads them against the configured
 * framework; each dimension and each SQO criterion lands in the trace with its evidence. A confident
 * answer that meets the SQO criteria hands `opportunity.sqo` to pursue; one that misses them
 * disqualifies and hands `lead.nurture` (or, with `whenNotQualified: hold`, keeps discovering with a
 * follow-up task unless a required dimension is contradicted). An unsure answer goes to the owner's
 * review queue. The coverage is written back to the opportunity in every case.
 */
export async function discoverOpportunity(
  ctx: Ctx,
  config: DiscoveryConfig,
  input: OpportunityNotes,
): Promise<Decided<DiscoveryOutput>> {
  const subject = `opportunity:${input.opportunityId}`;
  const base = { kind: 'discovery', opportunityId: input.opportunityId } as const;
  const done = (out: DiscoveryOutput, confidence: number) =>
    ctx.decide(out, { confidence, subject, reasons: [out.reason] });
  const skip = (reason: string) =>
    done({ ...base, outcome: 'skipped', reason, coverage: null, dimensions: [] }, 1);
  if (!config.enabled) return skip('discovery is disabled in config');
  const opp = await readOpportunity(ctx, input.opportunityId);
  if (!opp) return skip(`opportunity ${input.opportunityId} is not in the records`);
  const closed = closedStage(opp);
  if (closed) return skip(`opportunity ${opp.id} is already closed (${closed})`);
  const fw = activeFramework(config);
  const o = await askAgent(
    ctx,
    extractEvidenceTask,
    {
      framework: config.framework,
      dimensions: fw.dimensions,
      negations: [...DEFAULT_NEGATIONS, ...config.negations],
      hedges: [...DEFAULT_HEDGES, ...config.hedges],
      amountFrom: config.amountFrom,
      text: input.text,
    },
    config.agent,
  );
  if (!o.ok) {
    const reason = `the evidence agent is unavailable (${o.reason}): sent to review`;
    ctx.review('discovery', {
      ...(opp.ownerId ? { assignee: opp.ownerId } : {}),
      subject,
      proposedAction: { action: 'qualify', framework: config.framework, text: input.text },
      reasoning: o.reason,
    });
    return done({ ...base, outcome: 'review', reason, coverage: null, dimensions: [] }, 0);
  }
  const fresh = completeDimensions(fw, o.answer);
  const { dims, carried } = config.carryOver
    ? carryOver(fresh, opp.discovered)
    : { dims: fresh, carried: [] };
  if (carried.length > 0) ctx.trace.step('carried-over', { dimensions: carried });
  traceDimensions(ctx, dims);
  const coverage = coverageOf(config.framework, dims);
  const verdict = evaluateSqo(dims, requiredDimensions(config, fw), config.sqo, coverage);
  for (const c of verdict.checks) ctx.trace.rule(`sqo ${c.criterion}`, c.passed, c.reason);
  const proposed = outcomeOf(config, verdict);
  if (o.route !== 'fire') {
    const reason = `extraction confidence ${o.confidence} is below ${config.agent.autoAccept}: the owner reviews the qualification (proposed: ${proposed}; ${verdict.reason})`;
    const out: DiscoveryOutput = { ...base, outcome: 'review', reason, coverage, dimensions: dims };
    ctx.review(o.route === 'review' ? 'discovery' : 'triage', {
      ...(opp.ownerId ? { assignee: opp.ownerId } : {}),
      subject,
      proposedAction: { action: 'qualify', proposed, coverage, amount: o.answer.amount } as JsonObject,
      confidence: o.confidence,
      reasoning: verdict.reason,
    });
    writeBack(ctx, opp, out, 'review');
    return done(out, o.confidence);
  }
  const out: DiscoveryOutput = {
    ...base,
    outcome: proposed,
    reason: verdict.reason,
    coverage,
    dimensions: dims,
  };
  writeBack(ctx, opp, out, proposed);
  if (proposed === 'sqo')
    ctx.handoff(SQO_EVENT, sqoPayload(opp, dims, o.answer.amount, out) as JsonObject, subject);
  else if (proposed === 'nurture')
    ctx.handoff(NURTURE_EVENT, nurturePayload(opp, out) as JsonObject, subject);
  else followUpTask(ctx, config, opp, dims);
  return done(out, o.confidence);
}
