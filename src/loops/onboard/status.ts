import type { Decided, LoopContext } from '../../kernel/index.js';
import type { OnboardConfig } from './config.js';
import type { CustomerOnboarded, OnboardOutput, StatusChanged } from './contract.js';
import { DAY } from './logic.js';
import { escalationTarget } from './owners.js';
import { onboardingOf } from './state.js';

type Ctx = LoopContext<OnboardConfig>;

const round = (n: number) => Math.round(n * 10) / 10;

/** The onboarding summary handed to expand. */
async function summary(ctx: Ctx, e: StatusChanged): Promise<CustomerOnboarded | null> {
  const record = await ctx.records.get('customer', e.customerId);
  const s = record ? onboardingOf(record.values) : null;
  if (!record || !s) return null;
  const onboardedAt = s.onboardedAt ?? ctx.clock.iso();
  const shift = s.waitedDays * DAY;
  return {
    customerId: e.customerId,
    accountId: typeof record.values.accountId === 'string' ? record.values.accountId : null,
    plan: s.plan,
    startedAt: s.startedAt,
    onboardedAt,
    daysToValue: round((Date.parse(onboardedAt) - Date.parse(s.startedAt)) / DAY - s.waitedDays),
    waitedDays: round(s.waitedDays),
    milestones: s.milestones.map((m) => ({ name: m.name, dueAt: m.dueAt, doneAt: m.doneAt })),
    lateMilestones: s.milestones.filter((m) => m.doneAt && Date.parse(m.doneAt) > Date.parse(m.dueAt) + shift)
      .length,
  };
}

/**
 * One customer whose onboarding status changed: each signal goes in the trace with its status;
 * at risk or late nudges the owner of the milestone that moved it (and escalates to their manager
 * at the configured status); onboarded hands the summary to expand.
 */
export async function statusChanged(ctx: Ctx, e: StatusChanged): Promise<Decided<OnboardOutput>> {
  const subject = `customer:${e.customerId}`;
  for (const g of e.signals)
    ctx.trace.factor(
      g.signal,
      g.value,
      g.status === 'on-track' ? 0 : 1,
      `${g.status}: ${g.reason}`,
      'onboarding',
    );
  ctx.trace.step('status', { previous: e.previous, status: e.status, day: e.day, moved: e.moved });
  const nudged: string[] = [];
  let escalatedTo: string | null = null;
  let handedOff = false;
  let daysToValue: number | null = null;
  const why = e.signals.filter((g) => g.status === e.status).map((g) => `${g.signal} ${g.reason}`);
  const reasons = [`${e.previous ?? 'new'} → ${e.status} on day ${e.day}`];
  if (e.status === 'at-risk' || e.status === 'late') {
    const message = `Onboarding of ${e.customerId} is ${e.status} (day ${e.day}, plan ${e.plan}): ${why.join('; ')}`;
    for (const channel of ctx.config.nudges.channels) {
      ctx.notify(channel, e.owner, message, {
        customerId: e.customerId,
        status: e.status,
        dedupKey: `onboard:${e.customerId}:${e.status}:${e.moved.join('+')}`,
      });
      nudged.push(channel);
    }
    reasons.push(`moved by ${why.join('; ')}`, `nudged ${e.owner} via ${nudged.join(', ')}`);
    const at = ctx.config.nudges.escalateWhen;
    if (at !== 'never' && (e.status === 'late' || at === 'at-risk')) {
      escalatedTo = await escalationTarget(ctx.records, e.owner);
      ctx.escalate({
        to: escalatedTo,
        reason: message,
        subject,
        data: { customerId: e.customerId, status: e.status, owner: e.owner },
      });
      reasons.push(`escalated to ${escalatedTo}`);
    }
  } else if (e.status === 'onboarded') {
    const s = await summary(ctx, e);
    if (s) {
      ctx.handoff('customer.onboarded', s, subject);
      handedOff = true;
      daysToValue = s.daysToValue;
      reasons.push(`exit criteria met: ${s.daysToValue} days to value, handed to expand`);
    }
  } else reasons.push(`back on track: ${e.moved.join(', ') || 'no signal'} recovered`);
  return ctx.decide(
    {
      kind: 'status',
      customerId: e.customerId,
      status: e.status,
      previous: e.previous,
      plan: e.plan,
      day: e.day,
      nudged,
      escalatedTo,
      handedOff,
      daysToValue,
    },
    { confidence: 1, subject, reasons },
  );
}
