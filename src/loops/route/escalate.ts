import { type Decided, type Json, type JsonObject, type LoopContext, managerOf } from '../../kernel/index.js';
import { placeInPool } from './actions.js';
import { commitPlacement } from './commit.js';
import type { RouteConfig } from './config.js';
import type { RouteOutput, SlaBreach, WaitingRetry } from './contract.js';
import type { CompiledRoutes } from './logic.js';
import { findUser } from './reads.js';
import type { Rule } from './rule-config.js';

type Ctx = LoopContext<RouteConfig>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

function ruleNamed(compiled: CompiledRoutes, name: string): Rule | null {
  return compiled.rules.find((r) => r.rule.name === name)?.rule ?? null;
}

/**
 * Who hears of a breach: the rule's escalateTo, the pool's manager, sla.manager, else the assignee's
 * manager (their managerId, else their team's; one who left is passed over).
 */
async function managerFor(
  ctx: Ctx,
  rule: Rule | null,
  pool: string | null,
  assignee: string,
): Promise<string> {
  const named =
    rule?.sla?.escalateTo ?? (pool ? ctx.config.pools[pool]?.manager : undefined) ?? ctx.config.sla.manager;
  if (named) return named;
  const user = await findUser(ctx.records, assignee);
  return (await managerOf(ctx.records, user?.id ?? null)) ?? 'role:manager';
}

/**
 * Escalates one SLA breach, as its own decision: reassigns the lead to the next available rep of
 * the pool (never back to who missed it) and tells the manager, or only tells the manager when the
 * rule says notify, the escalation limit is reached or nobody can take it. A breach whose lead has
 * moved on since (acted on, reassigned) is stale and changes nothing.
 */
export async function escalateBreach(
  ctx: Ctx,
  compiled: CompiledRoutes,
  breach: SlaBreach,
): Promise<Decided<RouteOutput>> {
  const key = `lead:${breach.leadId}`;
  const stored = (await ctx.records.get('lead', breach.leadId))?.values ?? null;
  const out = (
    outcome: 'reassigned' | 'notified' | 'stale',
    to: string | null,
    notified: string | null,
  ): RouteOutput => ({
    kind: 'escalation',
    leadId: breach.leadId,
    outcome,
    from: breach.assignee,
    to,
    notified,
  });
  if (
    !stored ||
    stored.ownerId !== breach.assignee ||
    stored.assignedAt !== breach.assignedAt ||
    stored.routeSlaStatus !== 'breached'
  ) {
    const reason = 'the lead has moved on since the breach was found (reassigned, acted on or re-routed)';
    ctx.trace.step('stale-breach', { reason });
    return ctx.decide(out('stale', null, null), { confidence: 1, subject: key, reasons: [reason] });
  }
  const rule = ruleNamed(compiled, breach.rule);
  const manager = await managerFor(ctx, rule, breach.pool, breach.assignee);
  const poolName = rule?.sla?.pool ?? breach.pool ?? (rule?.action.type === 'pool' ? rule.action.pool : null);
  const missed = `${breach.assignee} did not act on lead ${breach.leadId} by ${breach.dueAt} (first-response SLA of rule ${breach.rule})`;
  const record: JsonObject = {
    clock: 'first-response',
    failedBy: breach.assignee,
    dueAt: breach.dueAt,
    breachedAt: ctx.clock.iso(),
  };
  const reasons = [missed];
  const canReassign =
    (rule?.sla?.onBreach ?? 'notify') === 'reassign' &&
    breach.escalations < ctx.config.sla.maxEscalations &&
    poolName !== null;
  if (canReassign && poolName) {
    const before = Array.isArray(stored.routePreviousOwners)
      ? stored.routePreviousOwners.filter((p): p is string => typeof p === 'string')
      : [];
    const exclude = new Map<string, string>([
      ...before.map((p) => [p, 'had this lead before'] as [string, string]),
      [breach.assignee, 'missed the SLA on this lead'],
    ]);
    const placed = await placeInPool(ctx, poolName, 'sla-reassign', exclude);
    if (placed.type === 'assign') {
      const oldTask = str(stored.routeTaskId);
      if (oldTask) ctx.write('task', oldTask, { status: 'reassigned', closedAt: ctx.clock.iso() });
      const extra: JsonObject = {
        routeEscalations: breach.escalations + 1,
        routePreviousOwners: [...before, breach.assignee],
        routeSlaBreach: record,
      };
      const routed = await commitPlacement(
        ctx,
        { leadId: breach.leadId, fields: stored, stored, rule, extra, handoff: false },
        placed,
      );
      const to = routed.kind === 'routed' ? routed.assignee : null;
      ctx.escalate({
        to: manager,
        reason: `${missed}; reassigned to ${to}`,
        subject: key,
        data: { ...record, reassignedTo: to, pool: poolName } as { [k: string]: Json },
      });
      reasons.push(`reassigned to ${to} from pool ${poolName}`, `${manager} notified`);
      return ctx.decide(out('reassigned', to, manager), { confidence: 1, subject: key, reasons });
    }
    reasons.push(`nobody else in pool ${poolName} can take it`);
  } else if ((rule?.sla?.onBreach ?? 'notify') === 'reassign') {
    reasons.push(`the lead was reassigned ${breach.escalations} time(s), the most allowed`);
  }
  ctx.escalate({ to: manager, reason: missed, subject: key, data: record as { [k: string]: Json } });
  ctx.write('lead', breach.leadId, { routeSlaStatus: 'escalated', routeSlaBreach: record });
  reasons.push(`${manager} notified`);
  return ctx.decide(out('notified', null, manager), { confidence: 1, subject: key, reasons });
}

/** Retries a waiting lead on its pool; a lead no longer waiting keeps what it has. */
export async function retryLead(
  ctx: Ctx,
  compiled: CompiledRoutes,
  retry: WaitingRetry,
): Promise<Decided<RouteOutput>> {
  const key = `lead:${retry.leadId}`;
  const stored = (await ctx.records.get('lead', retry.leadId))?.values ?? null;
  if (stored?.routeStatus !== 'waiting') {
    const reason = 'the lead is no longer waiting';
    ctx.trace.step('stale-retry', { reason });
    const output: RouteOutput = {
      kind: 'routed',
      leadId: retry.leadId,
      outcome: 'kept',
      rule: null,
      via: 'retry',
      assignee: str(stored?.ownerId) ?? null,
      pool: null,
      queue: null,
      slaDueAt: null,
    };
    return ctx.decide(output, { confidence: 1, subject: key, reasons: [reason] });
  }
  ctx.trace.step('retry', { pool: retry.pool, waitingSince: retry.waitingSince });
  const rule = ruleNamed(compiled, retry.rule);
  const placed = await placeInPool(ctx, retry.pool, 'pool-retry');
  const output = await commitPlacement(ctx, { leadId: retry.leadId, fields: stored, stored, rule }, placed);
  return ctx.decide(output, {
    confidence: 1,
    subject: key,
    reasons: [`waited since ${retry.waitingSince}`, placed.reason],
  });
}
