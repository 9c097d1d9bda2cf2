import type { Decided, JsonObject, LoopContext } from '../../kernel/index.js';
import type { OnboardConfig } from './config.js';
import type { OnboardOutput, OpportunityWonIn } from './contract.js';
import { customerOfAccount } from './customer.js';
import { DAY } from './logic.js';
import { ownerFor } from './owners.js';
import { type CompiledPlans, choosePlan } from './plans.js';
import { type OnboardingState, onboardingOf, stateJson } from './state.js';

type Ctx = LoopContext<OnboardConfig>;
type PlanOutput = Extract<OnboardOutput, { kind: 'plan' }>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const validDate = (v: unknown): string | null => {
  const s = str(v);
  return s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null;
};

/** The customer's shape for plan conditions: account fields, then the deal's, then the payload's. */
function shapeOf(account: JsonObject, deal: JsonObject, input: OpportunityWonIn): JsonObject {
  const shape: JsonObject = { ...account, ...deal };
  for (const key of ['accountId', 'ownerId', 'amount'] as const) {
    const v = input[key];
    if ((shape[key] === undefined || shape[key] === null) && v !== undefined && v !== null) shape[key] = v;
  }
  return shape;
}

/**
 * On a won deal: picks the onboarding plan by the customer's shape (first matching plan), creates
 * each milestone as a task owned by its role and due at its offset from the close date, and starts
 * the onboarding state on the customer record: the account's (found by its `accountId`), else one
 * keyed by the account id, else by the opportunity id. The customer's CSM owns the csm milestones.
 */
export async function startOnboarding(
  ctx: Ctx,
  plans: CompiledPlans,
  input: OpportunityWonIn,
): Promise<Decided<OnboardOutput>> {
  const deal = (await ctx.records.get('opportunity', input.opportunityId))?.values ?? {};
  const accountId = str(input.accountId) ?? str(deal.accountId);
  const account = accountId ? ((await ctx.records.get('account', accountId))?.values ?? {}) : {};
  const found = accountId ? await customerOfAccount(ctx.records, accountId) : null;
  const customerId = found?.record.id ?? accountId ?? input.opportunityId;
  const existing = found?.record ?? (accountId ? null : await ctx.records.get('customer', customerId));
  const subject = `customer:${customerId}`;
  ctx.trace.step('customer', {
    customerId,
    via:
      found?.via ??
      (existing
        ? `the customer record keyed by opportunity id ${customerId} (the deal has no account)`
        : `none yet: a new customer record keyed by the ${accountId ? 'account' : 'opportunity'} id`),
  });
  const none = (reason: string): Decided<PlanOutput> =>
    ctx.decide(
      { kind: 'plan', customerId, plan: null, tasks: [] },
      { confidence: 1, subject, reasons: [reason] },
    );
  const running = existing ? onboardingOf(existing.values) : null;
  if (running?.active) return none(`customer ${customerId} is already onboarding on plan ${running.plan}`);
  const shape: JsonObject = { ...(existing?.values ?? {}), ...shapeOf(account, deal, input) };
  shape.csmId = str(existing?.values.csmId) ?? str(existing?.values.ownerId) ?? str(account.csmId);
  const { plan, tried } = choosePlan(plans, shape);
  for (const t of tried) ctx.trace.rule(`plan ${t.plan}`, t.matched, t.reason);
  if (!plan) return none('no onboarding plan matches this customer');
  const closedAt =
    validDate(input.closedAt) ??
    validDate(input.at) ??
    validDate(deal.closedAt) ??
    validDate(deal.closeDate) ??
    ctx.clock.iso();
  const start = Date.parse(closedAt);
  const tasks: PlanOutput['tasks'] = [];
  const milestones: OnboardingState['milestones'] = [];
  for (const m of plan.milestones) {
    const owner = await ownerFor(ctx.records, m.owner, shape);
    const dueAt = new Date(start + m.dueDays * DAY).toISOString();
    const taskId = ctx.task({
      title: `${m.name} (onboarding)`,
      assignee: owner.assignee,
      dueAt,
      subject,
      details: { plan: plan.name, milestone: m.name, role: m.owner },
    });
    ctx.trace.step('milestone', {
      milestone: m.name,
      role: m.owner,
      assignee: owner.assignee,
      via: owner.via,
      dueAt,
    });
    tasks.push({ name: m.name, assignee: owner.assignee, dueAt, taskId });
    milestones.push({ name: m.name, owner: m.owner, assignee: owner.assignee, dueAt, taskId, doneAt: null });
  }
  const state: OnboardingState = {
    plan: plan.name,
    opportunityId: input.opportunityId,
    startedAt: closedAt,
    active: true,
    status: 'on-track',
    statusSince: closedAt,
    signals: {},
    waitingSince: null,
    waitedDays: 0,
    milestones,
    onboardedAt: null,
  };
  const fields: JsonObject = { status: 'onboarding', onboarding: stateJson(state) };
  for (const [k, v] of [
    ['accountId', accountId],
    ['ownerId', str(shape.ownerId)],
    ['name', str(account.name) ?? str(deal.name)],
  ] as const)
    if (v && !existing?.values[k]) fields[k] = v;
  const amount = typeof shape.amount === 'number' ? shape.amount : null;
  if (amount !== null && existing?.values.arr === undefined) fields.arr = amount;
  ctx.write('customer', customerId, fields, 'patch');
  return ctx.decide(
    { kind: 'plan', customerId, plan: plan.name, tasks },
    {
      confidence: 1,
      subject,
      reasons: [
        `plan ${plan.name}: ${tasks.length} milestone task(s), last due ${tasks.at(-1)?.dueAt.slice(0, 10) ?? '-'}`,
      ],
    },
  );
}
