import type { Decided, LoopContext } from '../../kernel/index.js';
import { managerOf } from '../../kernel/index.js';
import type { PursueConfig } from './config.js';
import type { DealClosed, DealRisk, PursueOutput } from './contract.js';
import { escalationMessage, nudgeMessage } from './messages.js';

type Ctx = LoopContext<PursueConfig>;

/**
 * One deal whose risk changed: each warning's contribution goes in the trace; the owner is nudged
 * on every configured channel (immediate mode), and the manager too once the owner has ignored
 * `escalateAfterIgnored` nudges. A history pass (a run as of a past instant) nudges and escalates
 * to no one: the decision records what would have been sent.
 */
export async function handleRisk(ctx: Ctx, risk: DealRisk): Promise<Decided<PursueOutput>> {
  for (const s of risk.signals) ctx.trace.factor(s.signal, s.value, s.contribution, s.reason, 'risk');
  ctx.trace.step('risk', {
    level: risk.level,
    score: risk.score,
    previousLevel: risk.previousLevel,
    followUp: risk.followUp,
    ignored: risk.ignored,
  });
  const subject = `opportunity:${risk.opportunityId}`;
  const owner = risk.ownerId ?? 'role:rep';
  const nudged: string[] = [];
  let escalatedTo: string | null = null;
  const live = risk.history !== true;
  const nudge = live && risk.nudge;
  if (!live)
    ctx.trace.step('history-pass', {
      asOf: risk.scheduledFor,
      nudgeWithheld: risk.nudge,
      reason: 'a pass for a past instant: nobody is nudged or escalated to',
    });
  const dedupKey = `pursue:${risk.opportunityId}:${risk.level}:${risk.signals
    .filter((s) => s.fired)
    .map((s) => s.signal)
    .join('+')}`;
  if (nudge && ctx.config.nudges.mode === 'immediate') {
    for (const channel of ctx.config.nudges.channels) {
      ctx.notify(channel, owner, nudgeMessage(risk), {
        opportunityId: risk.opportunityId,
        level: risk.level,
        dedupKey,
      });
      nudged.push(channel);
    }
  } else if (nudge) nudged.push('digest');
  if (nudge && risk.ignored >= ctx.config.nudges.escalateAfterIgnored) {
    escalatedTo = (await managerOf(ctx.records, risk.ownerId)) ?? 'role:manager';
    ctx.escalate({
      to: escalatedTo,
      reason: escalationMessage(risk),
      subject,
      data: { opportunityId: risk.opportunityId, ignored: risk.ignored, level: risk.level },
    });
  }
  const reasons = [
    `${risk.previousLevel ?? 'unassessed'} → ${risk.level} (score ${risk.score})`,
    !live
      ? `history pass as of ${risk.scheduledFor}: ${risk.nudge ? `nudge to ${owner} withheld` : 'below the nudge level'}${risk.outcome ? `; the deal was ${risk.outcome}` : ''}`
      : risk.outcome
        ? `history: the deal was ${risk.outcome}; no nudge`
        : nudged.length > 0
          ? `nudged ${owner} via ${nudged.join(', ')}`
          : 'below the nudge level',
    ...(escalatedTo ? [`escalated to ${escalatedTo} after ${risk.ignored} ignored nudge(s)`] : []),
  ];
  return ctx.decide(
    {
      kind: 'risk',
      opportunityId: risk.opportunityId,
      level: risk.level,
      score: risk.score,
      play: risk.play,
      stage: risk.stage,
      nudged,
      escalatedTo,
      followUp: risk.followUp,
      outcome: risk.outcome,
      staleDays: risk.staleDays,
      ...(live ? {} : { history: true as const }),
    },
    { confidence: 1, subject, reasons },
  );
}

/** A deal that closed: its last risk level against the outcome; a won deal is handed to onboard. */
export function handleClosed(ctx: Ctx, c: DealClosed): Decided<PursueOutput> {
  const subject = `opportunity:${c.opportunityId}`;
  ctx.trace.step('closed', {
    outcome: c.outcome,
    riskLevel: c.riskLevel,
    play: c.play,
    cycleDays: c.cycleDays,
  });
  if (c.outcome === 'won')
    ctx.handoff(
      'opportunity.won',
      {
        opportunityId: c.opportunityId,
        accountId: c.accountId,
        ownerId: c.ownerId,
        play: c.play,
        ...(c.amount !== null && c.amount >= 0 ? { amount: c.amount } : {}),
        ...(c.closedAt ? { at: c.closedAt } : {}),
      },
      subject,
    );
  return ctx.decide(
    {
      kind: 'closed',
      opportunityId: c.opportunityId,
      outcome: c.outcome,
      riskLevel: c.riskLevel,
      play: c.play,
      stage: c.stage,
      cycleDays: c.cycleDays,
      staleDays: c.staleDays,
    },
    {
      confidence: 1,
      subject,
      reasons: [
        `${c.outcome} at ${c.riskLevel ?? 'unassessed'} risk${c.cycleDays === null ? '' : ` after ${c.cycleDays} days`}`,
      ],
    },
  );
}
