import type { Decided, JsonObject, LoopContext, RecordReader, TickInput } from '../../kernel/index.js';
import type { OnboardConfig } from './config.js';
import type { OnboardOutput, StatusChanged } from './contract.js';
import { evaluate } from './logic.js';
import { planNamed } from './plans.js';
import { onboardingOf, stateJson } from './state.js';

type Ctx = LoopContext<OnboardConfig>;

const csmOf = (v: JsonObject): string | null =>
  typeof v.csmId === 'string' ? v.csmId : typeof v.ownerId === 'string' ? v.ownerId : null;

/** The latest usage reading per metric of one customer (the greatest period wins). */
async function latestUsage(records: RecordReader, customerId: string): Promise<Map<string, number>> {
  const latest = new Map<string, { period: string; value: number }>();
  for (const u of await records.find('usage', { customerId })) {
    const { metric, period, value } = u.values;
    if (typeof metric !== 'string' || typeof value !== 'number') continue;
    const p = typeof period === 'string' ? period : '';
    const cur = latest.get(metric);
    if (!cur || p >= cur.period) latest.set(metric, { period: p, value });
  }
  return new Map([...latest].map(([m, v]) => [m, v.value]));
}

/**
 * The scheduled evaluator: every customer still onboarding is graded against its plan; a status
 * change is written to the customer and handed on as its own decision (nudge, escalation, or the
 * handoff to expand when the exit criteria are met).
 */
export async function evaluateTick(ctx: Ctx, tick: TickInput): Promise<Decided<OnboardOutput>> {
  const now = ctx.clock.now().getTime();
  const customers = await ctx.records.find('customer', { 'onboarding.active': true });
  const byStatus: Record<string, number> = {};
  let changed = 0;
  for (const c of customers) {
    const state = onboardingOf(c.values);
    const plan = state ? planNamed(ctx.config, state.plan) : null;
    if (!state || !plan) {
      ctx.trace.step('skipped', {
        customerId: c.id,
        reason: state ? `plan ${state.plan} is no longer configured` : 'no onboarding state',
      });
      continue;
    }
    const v = evaluate(ctx.config, plan, state, await latestUsage(ctx.records, c.id), now);
    byStatus[v.status] = (byStatus[v.status] ?? 0) + 1;
    if (v.status === state.status && v.moved.length === 0) continue;
    const previous = state.status;
    state.signals = Object.fromEntries(v.signals.map((g) => [g.signal, g.status]));
    if (v.status !== previous) {
      state.status = v.status;
      state.statusSince = ctx.clock.iso();
    }
    if (v.status === 'onboarded') {
      state.active = false;
      state.onboardedAt = ctx.clock.iso();
    }
    ctx.write(
      'customer',
      c.id,
      { onboarding: stateJson(state), ...(v.status === 'onboarded' ? { status: 'active' } : {}) },
      'patch',
    );
    if (v.status === previous) continue;
    changed++;
    const change: StatusChanged = {
      customerId: c.id,
      plan: plan.name,
      status: v.status,
      previous,
      day: v.day,
      signals: v.signals.map(({ owner: _, ...g }) => g),
      moved: v.moved,
      owner: v.owner ?? csmOf(c.values) ?? state.milestones[0]?.assignee ?? 'role:csm',
      scheduledFor: tick.scheduledFor,
    };
    ctx.handoff('onboard.status-changed', change, `customer:${c.id}`);
  }
  const statuses = Object.entries(byStatus).sort(([a], [b]) => (a < b ? -1 : 1));
  return ctx.decide(
    {
      kind: 'evaluation',
      scheduledFor: tick.scheduledFor,
      active: customers.length,
      changed,
      byStatus: Object.fromEntries(statuses),
    },
    {
      confidence: 1,
      subject: 'loop:onboard',
      reasons: [
        `${customers.length} onboarding customer(s): ${statuses.map(([s, n]) => `${s} ${n}`).join(', ') || 'none'}`,
        `${changed} status change(s) handed on`,
      ],
    },
  );
}
