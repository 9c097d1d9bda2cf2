import type { Json, JsonObject, LoopContext } from '../../kernel/index.js';
import type { Placement } from './actions.js';
import { timezoneOf } from './availability.js';
import type { RouteConfig } from './config.js';
import type { RoutedOutput } from './contract.js';
import { isTimeZone, localTime } from './local-time.js';
import { findUser, poolStateId } from './reads.js';
import type { Rule } from './rule-config.js';
import { slaDueAt } from './sla.js';

type Ctx = LoopContext<RouteConfig>;

/** The lead being placed: its id, what is known of it, and the rule that placed it. */
export interface LeadInHand {
  leadId: string;
  /** The lead's fields (record and handoff together). */
  fields: Readonly<Record<string, unknown>>;
  /** The lead record as stored before this decision, if any. */
  stored: JsonObject | null;
  /** The rule that fired (its SLA applies), or null for the otherwise action. */
  rule: Rule | null;
  accountId?: string | undefined;
  /** Lead fields to write besides the routing ones (an escalation's bookkeeping). */
  extra?: JsonObject;
  /** Hand the assignment on as lead.routed (default true; a reassignment after a breach does not). */
  handoff?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/** The person's local date at `now` (their zone, else the default, else UTC): the day caps count in. */
function localDate(user: JsonObject | null, now: Date, defaultTimezone: string): string {
  const tz = timezoneOf(user, defaultTimezone);
  return isTimeZone(tz) ? localTime(now, tz).date : now.toISOString().slice(0, 10);
}

function leadName(f: Readonly<Record<string, unknown>>): string | undefined {
  return str(f.name) ?? ([str(f.firstName), str(f.lastName)].filter(Boolean).join(' ') || undefined);
}

/** Optional text fields of the lead.routed payload, copied when the lead has them. */
function copied(f: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const k of ['email', 'title', 'company', 'domain', 'segment', 'region', 'grade'] as const) {
    const v = str(f[k]);
    if (v !== undefined) out[k] = v;
  }
  const name = leadName(f);
  if (name !== undefined) out.name = name;
  if (typeof f.score === 'number') out.score = f.score;
  if (Array.isArray(f.topReasons))
    out.topReasons = f.topReasons.filter((r): r is string => typeof r === 'string');
  return out;
}

async function commitAssign(
  ctx: Ctx,
  lead: LeadInHand,
  p: Extract<Placement, { type: 'assign' }>,
): Promise<RoutedOutput> {
  const now = ctx.clock.now();
  const iso = ctx.clock.iso();
  const user = (await findUser(ctx.records, p.assignee))?.values ?? null;
  const due = lead.rule?.sla ? slaDueAt(now, lead.rule.sla, user, ctx.config.defaultTimezone) : undefined;
  if (due) ctx.trace.step('sla', { dueAt: due.dueAt.toISOString(), basis: due.basis });
  const ruleName = lead.rule?.name ?? 'otherwise';
  const subject = `lead:${lead.leadId}`;
  const who = leadName(lead.fields) ?? str(lead.fields.email) ?? lead.leadId;
  const company = str(lead.fields.company);
  const taskId = ctx.task({
    title: `New lead: ${who}${company ? ` (${company})` : ''}`,
    assignee: p.assignee,
    ...(due ? { dueAt: due.dueAt.toISOString() } : {}),
    subject,
    details: { rule: ruleName, via: p.via, pool: p.pool?.name ?? null, reason: p.reason },
  });
  ctx.write('lead', lead.leadId, {
    ...(lead.stored ? {} : { email: str(lead.fields.email) ?? null }),
    ownerId: p.assignee,
    assignedAt: iso,
    routedBy: ruleName,
    routedVia: p.via,
    routedPool: p.pool?.name ?? null,
    routedOn: localDate(user, now, ctx.config.defaultTimezone),
    routeStatus: 'assigned',
    routeQueue: null,
    routeWaitingPool: null,
    routeTaskId: taskId,
    routeSlaDueAt: due ? due.dueAt.toISOString() : null,
    routeSlaStatus: due ? 'pending' : 'none',
    routeEscalations: 0,
    ...(lead.accountId ? { accountId: lead.accountId } : {}),
    ...(str(lead.fields.segment) ? { segment: str(lead.fields.segment) as string } : {}),
    routingVersion: ctx.configVersion,
    ...lead.extra,
  });
  if (p.pool) {
    const { lastAssigned, turns, credits } = p.pool.choice.state;
    ctx.write('pool', poolStateId(p.pool.name), {
      name: p.pool.name,
      managedBy: 'route',
      lastAssigned,
      turns,
      credits,
    });
  }
  if (ctx.config.notifications.assignee)
    ctx.notify(ctx.config.notifications.channel, p.assignee, `New lead for you: ${who}`, {
      leadId: lead.leadId,
      rule: ruleName,
    });
  const owner: JsonObject = {};
  if (str(user?.name)) owner.ownerName = user?.name as string;
  if (str(user?.email)) owner.ownerEmail = user?.email as string;
  if (lead.handoff !== false)
    ctx.handoff(
      'lead.routed',
      {
        leadId: lead.leadId,
        ownerId: p.assignee,
        ...owner,
        rule: ruleName,
        via: p.via,
        ...(p.pool ? { pool: p.pool.name } : {}),
        ...(lead.accountId ? { accountId: lead.accountId } : {}),
        ...copied(lead.fields),
        assignedAt: iso,
        ...(due ? { slaDueAt: due.dueAt.toISOString() } : {}),
        routingVersion: ctx.configVersion,
      },
      subject,
    );
  return {
    kind: 'routed',
    leadId: lead.leadId,
    outcome: 'assigned',
    rule: lead.rule?.name ?? null,
    via: p.via,
    assignee: p.assignee,
    pool: p.pool?.name ?? null,
    queue: null,
    slaDueAt: due ? due.dueAt.toISOString() : null,
  };
}

function commitQueue(ctx: Ctx, lead: LeadInHand, p: Extract<Placement, { type: 'queue' }>): RoutedOutput {
  const q = ctx.config.queues[p.queue];
  const outcome = p.queue === 'review' ? 'review' : p.queue === 'triage' ? 'triage' : 'queued';
  const ruleName = lead.rule?.name ?? 'otherwise';
  ctx.review(p.queue, {
    ...(q?.assignee ? { assignee: q.assignee } : {}),
    subject: `lead:${lead.leadId}`,
    proposedAction: { action: 'route', leadId: lead.leadId, rule: ruleName, ...(p.proposed ?? {}) },
    ...(p.confidence === undefined ? {} : { confidence: p.confidence }),
    reasoning: p.reason,
    ...(q?.slaHours ? { slaHours: q.slaHours } : {}),
  });
  ctx.write('lead', lead.leadId, {
    ...(lead.stored ? {} : { email: str(lead.fields.email) ?? null }),
    routeStatus: outcome,
    routeQueue: p.queue,
    routeWaitingPool: null,
    routedBy: ruleName,
    routedVia: p.via,
    routeQueuedAt: ctx.clock.iso(),
    routingVersion: ctx.configVersion,
  });
  return {
    kind: 'routed',
    leadId: lead.leadId,
    outcome,
    rule: lead.rule?.name ?? null,
    via: p.via,
    assignee: null,
    pool: null,
    queue: p.queue,
    slaDueAt: null,
  };
}

function commitWait(ctx: Ctx, lead: LeadInHand, p: Extract<Placement, { type: 'wait' }>): RoutedOutput {
  const since = lead.stored?.routeStatus === 'waiting' ? str(lead.stored.waitingSince) : undefined;
  ctx.write('lead', lead.leadId, {
    ...(lead.stored ? {} : { email: str(lead.fields.email) ?? null }),
    routeStatus: 'waiting',
    routeWaitingPool: p.pool,
    routedBy: lead.rule?.name ?? 'otherwise',
    routedVia: p.via,
    waitingSince: since ?? ctx.clock.iso(),
    routingVersion: ctx.configVersion,
  });
  return {
    kind: 'routed',
    leadId: lead.leadId,
    outcome: 'waiting',
    rule: lead.rule?.name ?? null,
    via: p.via,
    assignee: null,
    pool: p.pool,
    queue: null,
    slaDueAt: null,
  };
}

/** Writes what a placement means: the lead record, the assignee's task, the pool's state, the queue item, the handoff. */
export async function commitPlacement(
  ctx: Ctx,
  lead: LeadInHand,
  placement: Placement,
): Promise<RoutedOutput> {
  ctx.trace.step('placement', { type: placement.type, via: placement.via, reason: placement.reason } as {
    [k: string]: Json;
  });
  if (placement.type === 'assign') return commitAssign(ctx, lead, placement);
  if (placement.type === 'queue') return commitQueue(ctx, lead, placement);
  return commitWait(ctx, lead, placement);
}
