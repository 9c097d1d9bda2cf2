import { askAgent, type Json, type JsonObject, type LoopContext } from '../../kernel/index.js';
import { classifyLeadTask, readSignals } from './agent.js';
import { presenceOf } from './availability.js';
import type { RouteConfig } from './config.js';
import { describeAction, idAt } from './logic.js';
import { choosePoolMember, type PoolChoice } from './pools.js';
import { findUser, readMemberFacts, readPoolState, territoryOwner } from './reads.js';
import type { Action, Target } from './rule-config.js';

type Ctx = LoopContext<RouteConfig>;

/** Where a lead ends up: a person, a queue, or waiting for a pool member to be free. */
export type Placement =
  | {
      type: 'assign';
      assignee: string;
      via: string;
      reason: string;
      pool?: { name: string; choice: PoolChoice };
      confidence?: number;
    }
  | {
      type: 'queue';
      queue: string;
      via: string;
      reason: string;
      proposed?: JsonObject;
      confidence?: number;
    }
  | { type: 'wait'; pool: string; via: string; reason: string; confidence?: number };

/** An action either places the lead, or declines (no account, owner away...) so the next rule is tried. */
export type ActionResult = { placed: Placement } | { declined: string };

/** How an account match came out, as the rules and the account-owner action see it. */
export interface AccountMatch {
  status: 'none' | 'matched' | 'uncertain';
  reason: string;
  /** Where the account came from: the lead's upstream (enrichment) match, or its domain. */
  via?: 'enrichment' | 'domain';
  /** How it was matched, in a few words for the assignment's reason. */
  how?: string;
  accountId?: string;
  ownerId?: string;
  confidence?: number;
  /** For an uncertain match: the account the agent leaned to and the queue it goes to. */
  queue?: 'review' | 'triage';
}

/** Traces every member a pool considered, then its pick. */
function tracePool(ctx: Ctx, choice: PoolChoice): void {
  for (const c of choice.candidates) {
    const detail: JsonObject = {
      pool: choice.pool,
      user: c.user,
      available: c.available,
      reason: c.reason,
      weight: c.weight,
    };
    if (c.code) detail.skip = c.code;
    if (c.load !== undefined) detail.load = c.load;
    ctx.trace.step('pool-candidate', detail);
  }
  ctx.trace.step('pool-pick', {
    pool: choice.pool,
    strategy: choice.strategy,
    chosen: choice.chosen,
    reason: choice.reason,
    eligible: choice.candidates.filter((c) => c.available).map((c) => ({ user: c.user, weight: c.weight })),
  });
}

/** Picks from a pool; when nobody can take the lead, follows the pool's overflow (one hop to a backup pool). */
export async function placeInPool(
  ctx: Ctx,
  name: string,
  via: string,
  exclude?: ReadonlyMap<string, string>,
  hop = 0,
): Promise<Placement> {
  const pool = ctx.config.pools[name];
  if (!pool) return { type: 'queue', queue: 'triage', via, reason: `pool ${name} is no longer configured` };
  const now = ctx.clock.now();
  const options = { defaultTimezone: ctx.config.defaultTimezone, ...(exclude ? { exclude } : {}) };
  const facts = await readMemberFacts(ctx.records, name, pool, now, options);
  const choice = choosePoolMember(name, pool, facts, await readPoolState(ctx.records, name), now, options);
  tracePool(ctx, choice);
  if (choice.chosen !== null)
    return {
      type: 'assign',
      assignee: choice.chosen,
      via,
      reason: `pool ${name}: ${choice.reason}`,
      pool: { name, choice },
    };
  const o = pool.overflow;
  const none = `nobody in pool ${name} can take the lead`;
  if (o.type === 'pool' && hop === 0) {
    ctx.trace.step('overflow', { from: name, to: o.pool });
    const backup = await placeInPool(ctx, o.pool, via, exclude, 1);
    return backup.type === 'wait'
      ? { type: 'wait', pool: name, via, reason: `${none}, nor in ${o.pool}` }
      : backup;
  }
  if (o.type === 'queue')
    return { type: 'queue', queue: o.queue, via, reason: `${none}: overflow to queue ${o.queue}` };
  return { type: 'wait', pool: name, via, reason: `${none}: the lead waits, and is retried oldest first` };
}

/** Assigns to a named person if they are there (active, not out of office); otherwise follows whenUnavailable. */
async function placeWithPerson(
  ctx: Ctx,
  userId: string,
  via: string,
  why: string,
  whenUnavailable: 'next-rule' | 'assign-anyway',
): Promise<ActionResult> {
  const user = (await findUser(ctx.records, userId))?.values ?? null;
  const presence = presenceOf(user, ctx.clock.now(), {
    defaultTimezone: ctx.config.defaultTimezone,
    workingHours: 'ignore',
  });
  ctx.trace.step('person', {
    user: userId,
    available: presence.ok,
    reason: presence.ok ? 'available' : presence.reason,
  });
  if (presence.ok) return { placed: { type: 'assign', assignee: userId, via, reason: why } };
  if (whenUnavailable === 'assign-anyway')
    return {
      placed: {
        type: 'assign',
        assignee: userId,
        via,
        reason: `${why} (assigned though ${presence.reason})`,
      },
    };
  return { declined: `${userId} is not available (${presence.reason})` };
}

async function placeTarget(ctx: Ctx, t: Target, via: string, why: string): Promise<ActionResult> {
  if (t.user !== undefined) return placeWithPerson(ctx, t.user, via, why, 'next-rule');
  if (t.pool !== undefined) return { placed: await placeInPool(ctx, t.pool, via) };
  if (t.territory !== undefined) return placeTerritory(ctx, t.territory, via, 'next-rule');
  return { placed: { type: 'queue', queue: t.queue ?? 'triage', via, reason: why } };
}

async function placeTerritory(
  ctx: Ctx,
  id: string,
  via: string,
  whenUnavailable: 'next-rule' | 'assign-anyway',
): Promise<ActionResult> {
  const { ownerId, path } = await territoryOwner(ctx.records, id);
  ctx.trace.step('territory', { territory: id, walked: path, ownerId });
  if (ownerId === null) return { declined: `territory ${id} has no owner (checked ${path.join(' > ')})` };
  return placeWithPerson(ctx, ownerId, via, `owner of territory ${path.at(-1) ?? id}`, whenUnavailable);
}

/** The lead fields an agent sees: scalars only, and none of route's own bookkeeping. */
function leadFacts(subject: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(subject))
    if (!k.startsWith('route') && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
      out[k] = v;
  return out;
}

async function placeByAgent(
  ctx: Ctx,
  a: Extract<Action, { type: 'agent' }>,
  subject: Readonly<Record<string, unknown>>,
): Promise<ActionResult> {
  const options = Object.keys(a.options);
  const signals = readSignals(a.signals, subject, options);
  const input = { question: a.question, options, lead: leadFacts(subject), signals };
  const thresholds = a.thresholds ?? ctx.config.agent.thresholds;
  const outcome = await askAgent(ctx, classifyLeadTask, input, thresholds);
  if (!outcome.ok)
    return {
      placed: {
        type: 'queue',
        queue: 'review',
        via: 'agent',
        reason: `the agent could not answer: ${outcome.reason}`,
      },
    };
  const { answer, confidence, reasoning, route } = outcome;
  const target = answer.label === null ? undefined : a.options[answer.label];
  const proposed: JsonObject = {
    question: a.question,
    answer: answer.label,
    target: (target ?? null) as Json,
  };
  if (route === 'fire' && target) {
    const r = await placeTarget(
      ctx,
      target,
      'agent',
      `agent: ${a.question} is ${answer.label} (${confidence})`,
    );
    if ('placed' in r) return { placed: { ...r.placed, confidence } };
    return {
      placed: { type: 'queue', queue: 'review', via: 'agent', reason: r.declined, proposed, confidence },
    };
  }
  const queue = route === 'review' && target ? 'review' : 'triage';
  const reason = `agent confidence ${confidence} on ${a.question} = ${answer.label ?? 'none'}: ${reasoning}`;
  return { placed: { type: 'queue', queue, via: 'agent', reason, proposed, confidence } };
}

function placeAccountOwner(
  ctx: Ctx,
  a: Extract<Action, { type: 'account-owner' }>,
  match: AccountMatch,
): Promise<ActionResult> | ActionResult {
  if (match.status === 'none') return { declined: match.reason };
  if (match.status === 'uncertain') {
    const proposed: JsonObject = { accountId: match.accountId ?? null, ownerId: match.ownerId ?? null };
    const placed: Placement = {
      type: 'queue',
      queue: match.queue ?? 'review',
      via: 'account-owner',
      reason: match.reason,
      proposed,
    };
    return { placed: match.confidence === undefined ? placed : { ...placed, confidence: match.confidence } };
  }
  if (!match.ownerId) return { declined: `account ${match.accountId} has no owner` };
  const how = match.how === undefined ? '' : `, matched by ${match.how}`;
  return placeWithPerson(
    ctx,
    match.ownerId,
    'account-owner',
    `owner of account ${match.accountId}${how}`,
    a.whenUnavailable,
  );
}

/** Carries out a rule's action for a lead: places it, or declines so routing moves to the next rule. */
export async function runAction(
  ctx: Ctx,
  action: Action,
  subject: Readonly<Record<string, unknown>>,
  account: AccountMatch,
): Promise<ActionResult> {
  ctx.trace.step('action', { action: describeAction(action) });
  switch (action.type) {
    case 'user':
      return placeWithPerson(ctx, action.user, 'user', `named user ${action.user}`, action.whenUnavailable);
    case 'pool':
      return { placed: await placeInPool(ctx, action.pool, 'pool') };
    case 'account-owner':
      return placeAccountOwner(ctx, action, account);
    case 'territory': {
      const id = action.territory ?? idAt(subject, action.field);
      if (id === undefined) return { declined: `the lead has no territory in ${action.field}` };
      return placeTerritory(ctx, id, 'territory', action.whenUnavailable);
    }
    case 'queue':
      return {
        placed: {
          type: 'queue',
          queue: action.queue,
          via: 'queue',
          reason: `the rule sends it to ${action.queue}`,
        },
      };
    case 'agent':
      return placeByAgent(ctx, action, subject);
  }
}
