import {
  type Decided,
  type JsonObject,
  type LoopContext,
  parseInstant,
  type TickInput,
} from '../../kernel/index.js';
import type { RouteConfig } from './config.js';
import type { RouteOutput } from './contract.js';
import { roomIn } from './pools.js';
import { readMemberFacts } from './reads.js';
import { oldestFirst, type RunningSla, runningSlaOf, touchedLead } from './sla.js';

type Ctx = LoopContext<RouteConfig>;

/** Why the assignee counts as having acted: a touch field on the lead, or their task closed. */
async function actedOn(ctx: Ctx, lead: JsonObject, sla: RunningSla): Promise<string | undefined> {
  const field = touchedLead(lead, ctx.config.sla.actedFields);
  if (field) return `the lead has ${field}`;
  if (!sla.taskId) return undefined;
  const task = await ctx.records.get('task', sla.taskId);
  const status = task?.values.status;
  return task && status !== 'open' ? `task ${sla.taskId} is ${String(status)}` : undefined;
}

/** Checks every running SLA that is due: met ones are marked, breaches are handed on one by one. */
async function checkSlas(ctx: Ctx): Promise<{ pending: number; met: number; breached: number }> {
  const now = ctx.clock.now().getTime();
  const iso = ctx.clock.iso();
  const pending = await ctx.records.find('lead', { routeSlaStatus: 'pending' });
  let met = 0;
  let breached = 0;
  for (const lead of pending) {
    const sla = runningSlaOf(lead.id, lead.values);
    if (!sla || parseInstant(sla.dueAt) > now) continue;
    const acted = await actedOn(ctx, lead.values, sla);
    if (acted) {
      met++;
      ctx.trace.step('sla-met', { lead: lead.id, assignee: sla.assignee, reason: acted });
      ctx.write('lead', lead.id, { routeSlaStatus: 'met', routeSlaCheckedAt: iso });
      continue;
    }
    breached++;
    ctx.trace.step('sla-breach', { lead: lead.id, assignee: sla.assignee, dueAt: sla.dueAt, rule: sla.rule });
    ctx.write('lead', lead.id, { routeSlaStatus: 'breached', routeSlaBreachedAt: iso });
    const { taskId: _task, ...breach } = sla;
    ctx.handoff('route.sla-breach', { kind: 'route.sla-breach', ...breach }, `lead:${lead.id}`);
  }
  return { pending: pending.length, met, breached };
}

/** Hands waiting leads on for a retry, oldest first, as many per pool as its members have room for now. */
async function retryWaiting(ctx: Ctx): Promise<number> {
  const waiting = await ctx.records.find('lead', { routeStatus: 'waiting' });
  const byPool = new Map<string, { id: string; since: string; rule: string }[]>();
  for (const l of waiting) {
    const pool = typeof l.values.routeWaitingPool === 'string' ? l.values.routeWaitingPool : '';
    const since = typeof l.values.waitingSince === 'string' ? l.values.waitingSince : '';
    const rule = typeof l.values.routedBy === 'string' ? l.values.routedBy : 'otherwise';
    byPool.set(pool, [...(byPool.get(pool) ?? []), { id: l.id, since, rule }]);
  }
  let budget = ctx.config.waiting.maxPerTick;
  let retried = 0;
  const now = ctx.clock.now();
  for (const [name, leads] of [...byPool].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const pool = ctx.config.pools[name];
    const options = { defaultTimezone: ctx.config.defaultTimezone };
    const room = pool
      ? roomIn(
          pool,
          await readMemberFacts(ctx.records, name, pool, now, options),
          now,
          options.defaultTimezone,
        )
      : leads.length;
    const take = oldestFirst(leads).slice(0, Math.max(0, Math.min(room, budget)));
    ctx.trace.step('waiting', {
      pool: name,
      waiting: leads.length,
      room: Number.isFinite(room) ? room : 'unlimited',
      retried: take.length,
    });
    for (const l of take)
      ctx.handoff(
        'route.retry',
        { kind: 'route.retry', leadId: l.id, pool: name, rule: l.rule, waitingSince: l.since },
        `lead:${l.id}`,
      );
    budget -= take.length;
    retried += take.length;
  }
  return retried;
}

/**
 * The scheduled check: finds assignments whose first-response SLA ran out (the assignee did not
 * act) and hands each on as its own escalation decision, then retries waiting leads oldest first.
 */
export async function scanTick(ctx: Ctx, tick: TickInput): Promise<Decided<RouteOutput>> {
  const slas = await checkSlas(ctx);
  const retried = ctx.config.waiting.retry ? await retryWaiting(ctx) : 0;
  const reasons = [
    `${slas.pending} running SLA(s): ${slas.met} met, ${slas.breached} breached`,
    `${retried} waiting lead(s) retried`,
  ];
  const output: RouteOutput = { kind: 'sla-scan', scheduledFor: tick.scheduledFor, ...slas, retried };
  return ctx.decide(output, { confidence: 1, subject: 'loop:route', reasons });
}
