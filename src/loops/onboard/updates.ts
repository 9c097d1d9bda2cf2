import type { Decided, LoopContext, StoredRecord } from '../../kernel/index.js';
import type { OnboardConfig } from './config.js';
import type { MilestoneDone, OnboardOutput, UsageRecorded, Waiting } from './contract.js';
import { customerNamed } from './customer.js';
import { DAY } from './logic.js';
import { onboardingOf, stateJson } from './state.js';

type Ctx = LoopContext<OnboardConfig>;
type Change = Extract<OnboardOutput, { kind: 'update' }>['change'];

function done(
  ctx: Ctx,
  customerId: string,
  change: Change,
  applied: boolean,
  detail: string,
): Decided<OnboardOutput> {
  return ctx.decide(
    { kind: 'update', customerId, change, applied, detail },
    { confidence: 1, subject: `customer:${customerId}`, reasons: [detail] },
  );
}

/**
 * The customer an update names, by its id, else the customer record of the account with that id;
 * the trace says when the account's record was used.
 */
async function customerOf(
  ctx: Ctx,
  named: string,
): Promise<{ customerId: string; record: StoredRecord | null }> {
  const found = await customerNamed(ctx.records, named);
  if (found && found.record.id !== named)
    ctx.trace.step('customer', { named, customerId: found.record.id, via: found.via });
  return { customerId: found?.record.id ?? named, record: found?.record ?? null };
}

/** A milestone done: marks it on the customer's onboarding state and closes its task. */
export async function milestoneDone(ctx: Ctx, e: MilestoneDone): Promise<Decided<OnboardOutput>> {
  const { customerId, record } = await customerOf(ctx, e.customerId);
  const state = record ? onboardingOf(record.values) : null;
  if (!state) return done(ctx, customerId, 'milestone', false, `customer ${customerId} is not onboarding`);
  const m = state.milestones.find((x) => x.name.toLowerCase() === e.milestone.toLowerCase());
  if (!m)
    return done(ctx, customerId, 'milestone', false, `plan ${state.plan} has no milestone ${e.milestone}`);
  if (m.doneAt)
    return done(
      ctx,
      customerId,
      'milestone',
      false,
      `${m.name} was already done on ${m.doneAt.slice(0, 10)}`,
    );
  m.doneAt = e.at ? new Date(e.at).toISOString() : ctx.clock.iso();
  ctx.write('customer', customerId, { onboarding: stateJson(state) }, 'patch');
  if (m.taskId) ctx.write('task', m.taskId, { status: 'done', doneAt: m.doneAt }, 'patch');
  return done(ctx, customerId, 'milestone', true, `${m.name} done ${m.doneAt.slice(0, 10)}`);
}

/** Waiting on the customer starts or ends: the time waited is kept so timers can pause. */
export async function waitingChanged(ctx: Ctx, e: Waiting): Promise<Decided<OnboardOutput>> {
  const { customerId, record } = await customerOf(ctx, e.customerId);
  const state = record ? onboardingOf(record.values) : null;
  if (!state?.active)
    return done(ctx, customerId, 'waiting', false, `customer ${customerId} is not onboarding`);
  const now = ctx.clock.now().getTime();
  if (e.waiting === (state.waitingSince !== null))
    return done(
      ctx,
      customerId,
      'waiting',
      false,
      e.waiting ? 'already waiting on the customer' : 'not waiting on the customer',
    );
  let detail: string;
  if (e.waiting) {
    state.waitingSince = ctx.clock.iso();
    detail = `waiting on the customer${e.reason ? `: ${e.reason}` : ''}`;
  } else {
    const days = (now - Date.parse(state.waitingSince ?? ctx.clock.iso())) / DAY;
    state.waitedDays = Math.round((state.waitedDays + days) * 1000) / 1000;
    state.waitingSince = null;
    detail = `wait over after ${Math.round(days * 10) / 10} days (${state.waitedDays} in all)`;
  }
  ctx.write('customer', customerId, { onboarding: stateJson(state) }, 'patch');
  return done(ctx, customerId, 'waiting', true, detail);
}

/**
 * A usage reading, kept as a usage record (one per customer, metric and period). Product telemetry
 * often knows only the account: a reading sent with an account id is kept under that account's
 * customer record, so the evaluator and expand's usage trend find it. A reading for a customer not
 * known yet is kept under the id it was sent with.
 */
export async function usageRecorded(ctx: Ctx, e: UsageRecorded): Promise<Decided<OnboardOutput>> {
  const { customerId, record } = await customerOf(ctx, e.customerId);
  ctx.write('usage', `${customerId}:${e.metric}:${e.period}`, {
    customerId,
    metric: e.metric,
    period: e.period,
    value: e.value,
  });
  const reading = `${e.metric} = ${e.value} for ${e.period}`;
  return done(
    ctx,
    customerId,
    'usage',
    true,
    record ? reading : `${reading} (no customer record ${customerId} yet: kept under that id)`,
  );
}
