import type { Decided, JsonObject, LoopContext } from '../../kernel/index.js';
import type { ExpandConfig, Play } from './config.js';
import type { CustomerChanged, CustomerOnboardedIn, ExpandOutput } from './contract.js';
import { type CompiledExpand, excluded } from './plays.js';
import { scoreCustomer } from './score.js';
import { changeOf, trendReader } from './score-tick.js';

type Ctx = LoopContext<ExpandConfig>;
type PlayOut = Extract<ExpandOutput, { kind: 'customer' }>['plays'][number];

const DAY = 86_400_000;
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Who owns a play, by role: csm is the customer's csmId (else its owner), rep its owner, else `<role>Id`. */
function ownerOf(role: string, values: JsonObject): string {
  const owner = str(values.ownerId);
  const field =
    role === 'rep' ? 'ownerId' : `${role.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Id`;
  return str(values[field]) ?? owner ?? `role:${role}`;
}

/** Why a play fits the customer, in words. */
function whyOf(play: Play, e: CustomerChanged): string {
  return play.kind === 'risk'
    ? `health ${e.score} (${e.band}, ${e.change >= 0 ? '+' : ''}${e.change})`
    : play.kind === 'renewal'
      ? `renewal in ${e.daysToRenewal} days`
      : `potential ${e.potential.score}${e.potential.reasons.length ? ` (${e.potential.reasons.join(', ')})` : ''}`;
}

/** A play a history pass found: recorded with its owner, but no task, field or message. */
function withheldPlay(ctx: Ctx, play: Play, e: CustomerChanged, values: JsonObject): PlayOut {
  const owner = ownerOf(play.owner, values);
  const why = whyOf(play, e);
  ctx.trace.step('play', { play: play.name, kind: play.kind, owner, tasks: 0, why, withheld: true });
  return { play: play.name, kind: play.kind, owner, tasks: [] };
}

/** Opens one play: its tasks for the owner, the forecast category, and a message to the owner. */
function openPlay(ctx: Ctx, play: Play, e: CustomerChanged, values: JsonObject): PlayOut {
  const owner = ownerOf(play.owner, values);
  const subject = `customer:${e.customerId}`;
  const start = ctx.clock.now().getTime();
  const tasks = play.tasks.map((t) =>
    ctx.task({
      title: `${t.name} (${play.name})`,
      assignee: owner,
      dueAt: new Date(start + t.dueDays * DAY).toISOString(),
      subject,
      details: { play: play.name, kind: play.kind },
    }),
  );
  if (play.forecastCategory)
    ctx.write('customer', e.customerId, { forecastCategory: play.forecastCategory }, 'patch');
  const why = whyOf(play, e);
  for (const channel of play.notify)
    ctx.notify(channel, owner, `${play.name} play opened for ${e.customerId}: ${why}`, {
      customerId: e.customerId,
      play: play.name,
      dedupKey: `expand:${e.customerId}:${play.name}:${e.scheduledFor}`,
    });
  ctx.trace.step('play', { play: play.name, kind: play.kind, owner, tasks: play.tasks.length, why });
  return { play: play.name, kind: play.kind, owner, tasks };
}

/**
 * One customer's change: each measure's points in the trace, the potential's reasons, and the
 * plays it enters. A change found by a history pass records the plays without opening them.
 */
export async function customerChanged(ctx: Ctx, e: CustomerChanged): Promise<Decided<ExpandOutput>> {
  const live = e.history !== true;
  if (!live)
    ctx.trace.step('history-pass', {
      asOf: e.scheduledFor,
      playsWithheld: e.plays,
      reason: 'a pass for a past instant: no task, field write or notification',
    });
  for (const m of e.measures)
    ctx.trace.factor(
      m.name,
      m.value,
      m.contribution,
      `${m.points} points${m.value === null ? ' (unknown value)' : ''}`,
      m.group,
    );
  ctx.trace.step('health', {
    score: e.score,
    band: e.band,
    previousBand: e.previousBand,
    change: e.change,
    trend: e.trend,
  });
  ctx.trace.step('potential', { score: e.potential.score, reasons: e.potential.reasons });
  const values = (await ctx.records.get('customer', e.customerId))?.values ?? {};
  const plays = e.plays.flatMap((name) => {
    const play = ctx.config.plays.find((p) => p.name === name);
    if (!play) return [];
    return [live ? openPlay(ctx, play, e, values) : withheldPlay(ctx, play, e, values)];
  });
  const top = [...e.measures]
    .sort((a, b) => a.points - b.points)
    .slice(0, 2)
    .map((m) => `${m.name} ${m.points} pts`);
  return ctx.decide(
    {
      kind: 'customer',
      customerId: e.customerId,
      score: e.score,
      band: e.band,
      previousBand: e.previousBand,
      trend: e.trend,
      potential: e.potential.score,
      plays,
      ...(live ? {} : { history: true as const }),
    },
    {
      confidence: 1,
      subject: `customer:${e.customerId}`,
      reasons: [
        `health ${e.score} (${e.band}${e.previousBand && e.previousBand !== e.band ? `, was ${e.previousBand}` : ''}; trend ${e.trend} ${e.change >= 0 ? '+' : ''}${e.change}); lowest: ${top.join(', ')}`,
        !live
          ? `history pass as of ${e.scheduledFor}: ${plays.length ? `plays withheld: ${plays.map((p) => `${p.play} → ${p.owner}`).join(', ')}` : 'no play'}; no task or notification`
          : plays.length
            ? `plays opened: ${plays.map((p) => `${p.play} → ${p.owner}`).join(', ')}`
            : 'no play opened',
      ],
    },
  );
}

/** A customer handed over by onboard: scored at once, so its health and any play start on day one. */
export async function customerOnboarded(
  ctx: Ctx,
  compiled: CompiledExpand,
  input: CustomerOnboardedIn,
): Promise<Decided<ExpandOutput>> {
  const record = await ctx.records.get('customer', input.customerId);
  const subject = `customer:${input.customerId}`;
  const none = (reason: string): Decided<ExpandOutput> =>
    ctx.decide(
      {
        kind: 'customer',
        customerId: input.customerId,
        score: null,
        band: null,
        previousBand: null,
        trend: null,
        potential: null,
        plays: [],
      },
      { confidence: 1, subject, reasons: [reason] },
    );
  if (!record) return none(`customer ${input.customerId} is not in the records of work`);
  if (excluded(compiled, record.values))
    return none(`customer ${input.customerId} is ${String(record.values.status)}: not scored`);
  ctx.trace.step('onboarded', { plan: input.plan ?? null, daysToValue: input.daysToValue ?? null });
  const trends = await trendReader(ctx.records, ctx.config, ctx.clock.now().getTime(), [record.id]);
  const s = scoreCustomer(
    compiled,
    ctx.config,
    record.values,
    ctx.clock.now().getTime(),
    ctx.clock.iso(),
    trends(record.id),
  );
  ctx.write('customer', record.id, s.patch, 'patch');
  return customerChanged(ctx, changeOf(record.id, s, ctx.clock.iso()));
}
