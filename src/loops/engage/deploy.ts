import {
  askAgent,
  type Decided,
  isTimeZone,
  type Json,
  type JsonObject,
  type LoopContext,
} from '../../kernel/index.js';
import { scoreSequenceTask } from './agent.js';
import type { EngageConfig } from './config.js';
import type { EngageOutput, SequenceReviewed } from './contract.js';
import { str } from './facts.js';
import { prospectOf } from './prospects.js';
import { editedInWords } from './review-hook.js';
import { enrolmentBlock } from './safety.js';
import { advance, firstStart, sendTimes } from './send-times.js';
import type { DraftStep } from './sequence-compose.js';
import type { RubricInput } from './sequence-rubric.js';

type Ctx = LoopContext<EngageConfig>;

/** The rep's time zone, else the configured default. */
function zoneOf(ctx: Ctx, user: JsonObject | null): string {
  const tz = str(user?.timezone);
  return tz && isTimeZone(tz) ? tz : ctx.config.deploy.defaultTimezone;
}

/** The first start date on which the rep has room under the daily cap, or null beyond the look-ahead. */
async function startUnderCap(ctx: Ctx, ownerId: string, first: string): Promise<string | null> {
  const { dailyCapPerRep, maxCapDays } = ctx.config.safety;
  let day = first;
  for (let i = 0; i <= maxCapDays; i++) {
    const started = await ctx.records.count('activity', { type: 'sequence', ownerId, startOn: day });
    ctx.trace.rule(
      `daily cap ${day}`,
      started < dailyCapPerRep,
      `${ownerId} has ${started} of ${dailyCapPerRep} sequences starting ${day}`,
    );
    if (started < dailyCapPerRep) return day;
    day = advance(day, 1, ctx.config.deploy.skipWeekends);
  }
  return null;
}

/** Re-scores the final text (after the rep's edits) so the record says how the sent version scores. */
async function finalScores(
  ctx: Ctx,
  steps: readonly DraftStep[],
  facts: RubricInput['facts'],
  segment: string,
) {
  const seg = ctx.config.segments[segment] ?? Object.values(ctx.config.segments)[0];
  const scored = await askAgent(
    ctx,
    scoreSequenceTask,
    {
      steps: steps.map((s) => ({ subject: s.subject, lines: s.lines })),
      facts,
      valueProps: seg?.valueProps ?? [],
      rules: ctx.config.rubric,
    },
    { autoAccept: ctx.config.agent.autoAccept, review: ctx.config.agent.review },
  );
  return scored.ok ? Object.fromEntries(scored.answer.criteria.map((c) => [c.id, c.score])) : {};
}

/**
 * Acts on a rep's verdict. A rejection is recorded with its reason. An approval is deployed:
 * enrolment safety is checked again (things change while a draft waits), the start moves past days
 * where the rep is at the daily cap, each email gets its send time in the rep's zone, and the
 * sequence goes to the engagement platform through the outbox.
 */
export async function deploySequence(ctx: Ctx, v: SequenceReviewed): Promise<Decided<EngageOutput>> {
  const seq = await ctx.records.get('activity', v.sequenceId);
  if (!seq) {
    const reason = `no sequence ${v.sequenceId}`;
    return ctx.decide({ kind: 'ignored', reason }, { confidence: 1, reasons: [reason] });
  }
  const prospectKey = String(seq.values.prospect);
  const ownerId = String(seq.values.ownerId);
  const meta = { confidence: 1, subject: prospectKey };
  if (v.outcome === 'rejected') {
    const reason = v.reason ?? 'no reason given';
    ctx.write(
      seq.values.leadId ? 'lead' : 'contact',
      prospectKey.split(':').slice(1).join(':'),
      { engageStatus: 'rejected' },
      'patch',
    );
    return ctx.decide(
      { kind: 'rejected', sequenceId: v.sequenceId, by: v.by, reason },
      { ...meta, reasons: [`${v.by} rejected it: ${reason}`] },
    );
  }
  const held = (code: string, reason: string) => {
    ctx.write('activity', v.sequenceId, { status: 'held', heldReason: reason }, 'patch');
    return ctx.decide({ kind: 'held', sequenceId: v.sequenceId, code, reason } as EngageOutput, {
      ...meta,
      reasons: [reason],
    });
  };
  const p = await prospectOf(ctx, prospectKey, ownerId);
  if (!p) return held('no-prospect', `${prospectKey} no longer exists`);
  const block = await enrolmentBlock(ctx, p, v.sequenceId);
  if (block) return held(block.code, block.reason);
  const owner = (await ctx.records.get('user', ownerId))?.values ?? null;
  const tz = zoneOf(ctx, owner);
  const { sendAt, skipWeekends, channel } = ctx.config.deploy;
  const startOn = await startUnderCap(ctx, ownerId, firstStart(ctx.clock.now(), sendAt, tz, skipWeekends));
  if (!startOn)
    return held(
      'daily-cap',
      `${ownerId} is at the daily cap for the next ${ctx.config.safety.maxCapDays} working days`,
    );
  const steps = seq.values.steps as unknown as DraftStep[];
  const times = sendTimes(
    startOn,
    steps.map((s) => s.waitDays),
    sendAt,
    tz,
    skipWeekends,
  );
  ctx.trace.step('schedule', { timezone: tz, startOn, sendTimes: times });
  const rubric = await finalScores(
    ctx,
    steps,
    seq.values.rubricFacts as unknown as RubricInput['facts'],
    String(seq.values.segment),
  );
  const to = {
    name:
      str(p.values.name) ??
      ([str(p.values.firstName), str(p.values.lastName)].filter(Boolean).join(' ') || null),
    email: str(p.values.email) ?? null,
  };
  const deployment = ctx.notify(
    channel,
    to.email ?? prospectKey,
    `Enrol ${to.name ?? prospectKey} in a ${steps.length}-email sequence from ${str(owner?.name) ?? ownerId}`,
    {
      action: 'enrol',
      sequenceId: v.sequenceId,
      prospect: prospectKey,
      to,
      from: { userId: ownerId, name: str(owner?.name) ?? null, email: str(owner?.email) ?? null },
      timezone: tz,
      steps: steps.map((s, i) => ({
        number: i + 1,
        sendAt: times[i] ?? null,
        subject: s.subject,
        body: s.lines.join('\n\n'),
      })) as Json,
    },
  );
  ctx.write(
    'activity',
    v.sequenceId,
    {
      status: 'active',
      startOn,
      sendTimes: times,
      deployedAt: ctx.clock.iso(),
      deployment,
      finalRubric: rubric,
    },
    'patch',
  );
  ctx.write(p.kind, p.id, { engageStatus: 'active', engageSequenceId: v.sequenceId }, 'patch');
  ctx.handoff('engagement.deployed', {
    sequenceId: v.sequenceId,
    prospect: prospectKey,
    ownerId,
    ...(p.account ? { accountId: p.account.id } : {}),
    sendTimes: times,
  });
  const out: EngageOutput = {
    kind: 'deployed',
    sequenceId: v.sequenceId,
    ownerId,
    startOn,
    sendTimes: times,
    edits: v.edits.length,
    rubric,
    deployment,
  };
  const edited =
    v.edits.length > 0
      ? `${v.by} edited ${editedInWords(v.edits)} and approved`
      : `${v.by} approved it as drafted`;
  return ctx.decide(out, {
    ...meta,
    reasons: [edited, `deployed to ${channel}: ${steps.length} emails from ${times[0]?.slice(0, 16)}`],
  });
}
