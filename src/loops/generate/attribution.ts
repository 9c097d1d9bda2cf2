import { z } from 'zod';
import type { Decided, JsonObject, LoopContext, StoredRecord, Trace } from '../../kernel/index.js';
import {
  ATTRIBUTION_MODELS,
  type AttributionConfig,
  type AttributionModel,
  primaryModel,
} from './attribution-config.js';
import { instantOf } from './instant.js';

/**
 * The event that attributes an opportunity: a won deal. Pursue hands it to onboard; generate is a
 * second consumer of the same handoff (a CRM may send it too).
 */
export const ATTRIBUTION_EVENT = 'opportunity.won';

const optText = (what: string) => z.string().nullish().describe(what);

/**
 * A won opportunity to attribute (event opportunity.won). Only the id is required; the loop reads
 * the opportunity record for its account, amount and dates.
 */
export const OpportunityClosed = z
  .looseObject({
    opportunityId: z.string().min(1).describe('The won opportunity in the records of work.'),
    accountId: optText('Its account (default: the opportunity record’s accountId).'),
    ownerId: optText('The rep who won it.'),
    amount: z.number().nonnegative().nullish().describe('The deal amount (default: the record’s amount).'),
    closedAt: optText('When it closed, ISO-8601 (default: at, then the record’s closedAt or closeDate).'),
    at: optText('When it closed, as pursue sends it.'),
  })
  .describe('A won opportunity whose touches earn credit.');

/** A parsed OpportunityClosed input. */
export type OpportunityClosed = z.infer<typeof OpportunityClosed>;

/** The key for a touch without a campaign. */
const NO_CAMPAIGN = '(none)';

/** A touch as attribution reads it. */
export interface Touch {
  id: string;
  channel: string;
  campaignId: string | null;
  contactId: string | null;
  occurredAt: string;
}

/** Position-based weights. */
export interface PositionShares {
  first: number;
  last: number;
  middle: number;
}

const PARTS = 1_000_000;

/**
 * The integer weight of each of `n` touches (in time order) under a model. Weights are integers so
 * that the split of an amount is exact.
 */
export function modelParts(model: AttributionModel, n: number, shares: PositionShares): bigint[] {
  if (n <= 0) return [];
  const parts = new Array<bigint>(n).fill(0n);
  switch (model) {
    case 'first-touch':
      parts[0] = 1n;
      return parts;
    case 'last-touch':
      parts[n - 1] = 1n;
      return parts;
    case 'linear':
      return parts.fill(1n);
    case 'position-based': {
      if (n === 1) return [1n];
      const f = BigInt(Math.round(shares.first * PARTS));
      const l = BigInt(Math.round(shares.last * PARTS));
      const m = BigInt(Math.round(shares.middle * PARTS));
      if (n === 2) return f + l === 0n ? [1n, 1n] : [f, l];
      const inner = BigInt(n - 2);
      parts.fill(m);
      parts[0] = f * inner;
      parts[n - 1] = l * inner;
      return parts.some((p) => p > 0n) ? parts : parts.fill(1n);
    }
  }
}

/**
 * Splits `total` cents in proportion to integer parts by the largest remainder: every share is a
 * whole, nonnegative number of cents and the shares add up to `total` exactly. Ties in the
 * remainder go to the earlier touch.
 */
export function allocateCents(total: number, parts: readonly bigint[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`cents must be a whole amount: ${total}`);
  const sum = parts.reduce((a, p) => a + p, 0n);
  if (parts.length === 0 || sum === 0n) return parts.map(() => 0);
  const t = BigInt(total);
  const base = parts.map((p) => (t * p) / sum);
  const rest = parts.map((p, i) => ({ i, r: (t * p) % sum }));
  let left = Number(t - base.reduce((a, b) => a + b, 0n));
  rest.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rest) {
    if (left === 0) break;
    base[i] = (base[i] as bigint) + 1n;
    left -= 1;
  }
  return base.map(Number);
}

/** An amount in whole cents. */
export function toCents(amount: number): number {
  return Math.round(amount * 100);
}

/** Cents back to the currency unit. */
function units(cents: number): number {
  return cents / 100;
}

/** Each touch's credit in cents, per model; touches are in time order. */
function creditTouches(
  touches: readonly Touch[],
  cents: number,
  models: readonly AttributionModel[],
  shares: PositionShares,
): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const model of models) out[model] = allocateCents(cents, modelParts(model, touches.length, shares));
  return out;
}

/** Credited amounts of one model, by campaign and by channel. */
export interface CreditSummary {
  total: number;
  byCampaign: Record<string, number>;
  byChannel: Record<string, number>;
}

/** Adds up touch credits (cents) by campaign and by channel, in currency units. */
function summarize(touches: readonly Touch[], credits: readonly number[]): CreditSummary {
  const campaign = new Map<string, number>();
  const channel = new Map<string, number>();
  let total = 0;
  touches.forEach((t, i) => {
    const c = credits[i] ?? 0;
    total += c;
    if (c === 0) return;
    const key = t.campaignId ?? NO_CAMPAIGN;
    campaign.set(key, (campaign.get(key) ?? 0) + c);
    channel.set(t.channel, (channel.get(t.channel) ?? 0) + c);
  });
  const obj = (m: Map<string, number>) =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, units(v)]));
  return { total: units(total), byCampaign: obj(campaign), byChannel: obj(channel) };
}

/** Orders touches by time, then id, so every model sees the same sequence. */
function inOrder(touches: readonly Touch[]): Touch[] {
  return [...touches].sort((a, b) => {
    const d = Date.parse(a.occurredAt) - Date.parse(b.occurredAt);
    return d !== 0 ? d : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

const Amounts = z.record(z.string(), z.number());
const Summary = z.strictObject({ total: z.number(), byCampaign: Amounts, byChannel: Amounts });

/** What an attribution decision records. */
export const AttributionOutput = z
  .strictObject({
    kind: z.literal('attribution'),
    opportunityId: z.string(),
    accountId: z.string().nullable(),
    amount: z.number().nullable(),
    closedAt: z.string(),
    primary: z.string().nullable(),
    touches: z.array(
      z.strictObject({
        id: z.string(),
        channel: z.string(),
        campaignId: z.string().nullable(),
        contactId: z.string().nullable(),
        occurredAt: z.string(),
        revenue: Amounts,
        pipeline: Amounts,
      }),
    ),
    revenue: z.record(z.string(), Summary),
    pipeline: z.record(z.string(), Summary),
  })
  .describe('A won opportunity credited to its touches by every model.');

/** A parsed attribution output. */
export type AttributionOutput = z.infer<typeof AttributionOutput>;

const DAY = 86_400_000;

function text(v: unknown): string | null {
  if (typeof v === 'string' && v.trim() !== '') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

function money(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/**
 * The first candidate that is a date, as an ISO instant; a bare date counts to the end of that day
 * and a date and time without an offset is UTC.
 */
function instant(...candidates: unknown[]): string | null {
  for (const c of candidates) {
    if (typeof c !== 'string' || Number.isNaN(instantOf(c))) continue;
    const end = /^\d{4}-\d{2}-\d{2}$/.test(c.trim()) ? `${c.trim()}T23:59:59.999Z` : c;
    return new Date(instantOf(end)).toISOString();
  }
  return null;
}

function asTouch(r: StoredRecord): Touch | null {
  const ms = instantOf(r.values.occurredAt);
  const at = Number.isNaN(ms) ? null : new Date(ms).toISOString();
  const channel = text(r.values.channel);
  if (!at || !channel) return null;
  return {
    id: r.id,
    channel,
    campaignId: text(r.values.campaignId),
    contactId: text(r.values.contactId),
    occurredAt: at,
  };
}

/** Why touches were left out, and the ones that count before a cut-off. */
function window(
  touches: readonly Touch[],
  until: string,
  config: AttributionConfig,
): { counted: Touch[]; after: number; before: number; channel: number } {
  const end = Date.parse(until);
  const start = end - config.lookbackDays * DAY;
  const channels = new Set(config.channels);
  const counted: Touch[] = [];
  let after = 0;
  let before = 0;
  let channel = 0;
  for (const t of touches) {
    const at = Date.parse(t.occurredAt);
    if (at > end) after += 1;
    else if (at < start) before += 1;
    else if (channels.size > 0 && !channels.has(t.channel)) channel += 1;
    else counted.push(t);
  }
  return { counted: inOrder(counted), after, before, channel };
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${Math.round((part / whole) * 1000) / 10}%`;
}

/** Traces each credited touch of one basis (revenue or pipeline) and the amounts it adds up to. */
function traceCredits(
  trace: Trace,
  basis: 'revenue' | 'pipeline',
  touches: readonly Touch[],
  credits: Record<string, number[]>,
  cents: number,
): void {
  const index = new Map(touches.map((t, i) => [t.id, i]));
  for (const [model, shares] of Object.entries(credits)) {
    const byCampaign = new Map<string, string[]>();
    const byChannel = new Map<string, string[]>();
    touches.forEach((t, i) => {
      const c = shares[i] ?? 0;
      if (c === 0) return;
      trace.factor(
        `touch ${t.id}`,
        `${t.channel} ${t.campaignId ?? NO_CAMPAIGN}`,
        units(c),
        `${model}: ${pct(c, cents)} of ${basis}, touch ${i + 1} of ${touches.length} on ${t.occurredAt.slice(0, 10)}${t.contactId ? `, contact ${t.contactId}` : ''}`,
        `${basis}/${model}`,
      );
      const key = t.campaignId ?? NO_CAMPAIGN;
      byCampaign.set(key, [...(byCampaign.get(key) ?? []), t.id]);
      byChannel.set(t.channel, [...(byChannel.get(t.channel) ?? []), t.id]);
    });
    const sum = (ids: readonly string[]) =>
      units(ids.reduce((a, id) => a + (shares[index.get(id) ?? -1] ?? 0), 0));
    for (const [by, groups] of [
      ['campaign', byCampaign],
      ['channel', byChannel],
    ] as const)
      for (const [key, ids] of [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)))
        trace.step(`credited ${basis} ${model} ${by} ${key}`, { amount: sum(ids), touches: ids });
  }
}

/**
 * Attributes a won opportunity: reads it and the touches on its account before the close, credits
 * the amount to the touches under every configured model (exactly, to the cent), adds the credit
 * up by campaign and channel as revenue (touches before the close) and pipeline (touches before
 * the opportunity was created, when the record says so), writes the amounts back to the
 * opportunity and traces every touch behind each amount.
 */
export async function attributeOpportunity<C extends { attribution: AttributionConfig }>(
  ctx: LoopContext<C>,
  input: OpportunityClosed,
): Promise<Decided<AttributionOutput>> {
  const config = ctx.config.attribution;
  const id = input.opportunityId;
  const subject = `opportunity:${id}`;
  const deal = (await ctx.records.get('opportunity', id))?.values ?? {};
  const accountId = text(input.accountId) ?? text(deal.accountId);
  const amount = money(input.amount) ?? money(deal.amount);
  const closedAt = instant(input.closedAt, input.at, deal.closedAt, deal.closeDate) ?? ctx.clock.iso();
  const createdAt = instant(deal.createdAt);
  const primary = primaryModel(config);
  const output: AttributionOutput = {
    kind: 'attribution',
    opportunityId: id,
    accountId,
    amount,
    closedAt,
    primary: null,
    touches: [],
    revenue: {},
    pipeline: {},
  };
  const none = (reason: string, touches = 0): Decided<AttributionOutput> => {
    ctx.trace.rule('attribution', false, reason);
    if (config.enabled)
      ctx.write(
        'opportunity',
        id,
        { [config.writeField]: { attributedAt: ctx.clock.iso(), touches, credited: false, reason } },
        'patch',
      );
    return ctx.decide(output, { confidence: 1, subject, reasons: [reason] });
  };
  if (!config.enabled) return none('attribution is disabled in the generate config');
  ctx.trace.step('opportunity', {
    opportunityId: id,
    accountId,
    amount,
    closedAt,
    createdAt,
  });
  if (!accountId) return none(`opportunity ${id} has no account, so no touches can be found`);
  if (amount === null) return none(`opportunity ${id} has no amount to credit`);
  const all = (await ctx.records.find('touch', { accountId }))
    .map(asTouch)
    .filter((t): t is Touch => t !== null);
  const revenueWindow = window(all, closedAt, config);
  const pipelineWindow = createdAt ? window(all, createdAt, config) : revenueWindow;
  ctx.trace.step('touches', {
    account: accountId,
    found: all.length,
    counted: revenueWindow.counted.length,
    afterClose: revenueWindow.after,
    beforeLookback: revenueWindow.before,
    otherChannel: revenueWindow.channel,
    lookbackDays: config.lookbackDays,
    pipelineTouches: pipelineWindow.counted.length,
    pipelineUntil: createdAt ?? closedAt,
  });
  const touches = revenueWindow.counted;
  if (touches.length === 0)
    return none(
      `no touches on account ${accountId} count in the ${config.lookbackDays} days before the close on ${closedAt.slice(0, 10)}`,
      0,
    );
  const models = ATTRIBUTION_MODELS.filter((m) => config.models.includes(m));
  const cents = toCents(amount);
  const revenue = creditTouches(touches, cents, models, config.positionBased);
  const pipelineTouches = pipelineWindow.counted;
  const pipeline =
    pipelineWindow === revenueWindow
      ? revenue
      : creditTouches(pipelineTouches, cents, models, config.positionBased);
  traceCredits(ctx.trace, 'revenue', touches, revenue, cents);
  if (pipeline !== revenue) traceCredits(ctx.trace, 'pipeline', pipelineTouches, pipeline, cents);
  else ctx.trace.step('pipeline', { sameAs: 'revenue', reason: 'the opportunity record has no createdAt' });
  const revenueAt = new Map(touches.map((t, i) => [t.id, i]));
  const pipelineAt = new Map(pipelineTouches.map((t, i) => [t.id, i]));
  const credited = (basis: Record<string, number[]>, at: ReadonlyMap<string, number>, t: Touch) => {
    const i = at.get(t.id);
    return Object.fromEntries(models.map((m) => [m, i === undefined ? 0 : units(basis[m]?.[i] ?? 0)]));
  };
  output.primary = primary;
  output.touches = inOrder([...new Map([...touches, ...pipelineTouches].map((t) => [t.id, t])).values()]).map(
    (t) => ({
      ...t,
      revenue: credited(revenue, revenueAt, t),
      pipeline: credited(pipeline, pipelineAt, t),
    }),
  );
  for (const m of models) {
    output.revenue[m] = summarize(touches, revenue[m] ?? []);
    output.pipeline[m] =
      pipelineTouches.length > 0
        ? summarize(pipelineTouches, pipeline[m] ?? [])
        : { total: 0, byCampaign: {}, byChannel: {} };
  }
  const written: JsonObject = {
    attributedAt: ctx.clock.iso(),
    credited: true,
    touches: touches.length,
    primary,
    revenue: Object.fromEntries(models.map((m) => [m, output.revenue[m]?.byCampaign ?? {}])),
    revenueByChannel: Object.fromEntries(models.map((m) => [m, output.revenue[m]?.byChannel ?? {}])),
    pipeline: Object.fromEntries(models.map((m) => [m, output.pipeline[m]?.byCampaign ?? {}])),
    pipelineByChannel: Object.fromEntries(models.map((m) => [m, output.pipeline[m]?.byChannel ?? {}])),
  };
  ctx.write('opportunity', id, { [config.writeField]: written }, 'patch');
  const head = output.revenue[primary];
  const top = Object.entries(head?.byCampaign ?? {}).sort(([, a], [, b]) => b - a)[0];
  return ctx.decide(output, {
    confidence: 1,
    subject,
    reasons: [
      `${amount} credited to ${touches.length} touch(es) on ${accountId} under ${models.length} model(s)`,
      ...(top ? [`${primary}: most to campaign ${top[0]} (${top[1]})`] : []),
      ...(pipelineTouches.length === 0
        ? ['no touches before the opportunity was created: no pipeline credit']
        : []),
    ],
  });
}
