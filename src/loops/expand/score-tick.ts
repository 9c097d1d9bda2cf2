import {
  type Decided,
  type LoopContext,
  pageAfter,
  parseInstant,
  type RecordReader,
} from '../../kernel/index.js';
import type { ExpandConfig } from './config.js';
import type { CustomerChanged, ExpandOutput, ExpandTick, ScorePage, ScoringTotals } from './contract.js';
import { type CompiledExpand, excluded } from './plays.js';
import { type CustomerScore, scoreCustomer, usageTrends } from './score.js';

type Ctx = LoopContext<ExpandConfig>;

/**
 * Customers a decision of the scoring pass scores: a pass over more goes on in the next page, its
 * own decision, so no decision holds more than a page of customers or of what it decided.
 */
const CUSTOMER_PAGE = 1_000;

/**
 * The usage trend of every metric a measure reads, for the customers given, from the periods that
 * had started by `now` (a run as of a past instant does not see later periods): each customer's
 * usage is read by its id, so a page of customers reads their usage and nobody else's.
 */
export async function trendReader(
  records: RecordReader,
  config: Readonly<ExpandConfig>,
  now: number,
  customerIds: readonly string[],
): Promise<(id: string) => (metric: string) => number | null> {
  const metrics = new Set(
    config.health.measures.flatMap((m) => (m.usageTrend === undefined ? [] : [m.usageTrend])),
  );
  const byCustomer = new Map<string, Map<string, number>>();
  if (metrics.size > 0)
    for (const id of customerIds) {
      const rows = (await records.find('usage', { customerId: id })).filter((r) =>
        metrics.has(String(r.values.metric)),
      );
      const trends = new Map<string, number>();
      for (const metric of metrics) {
        const trend = usageTrends(
          rows.filter((r) => r.values.metric === metric),
          now,
        ).get(id);
        if (trend !== undefined) trends.set(metric, trend);
      }
      byCustomer.set(id, trends);
    }
  return (id) => (metric) => byCustomer.get(id)?.get(metric) ?? null;
}

/** The per-customer change handed on for its own decision. */
export function changeOf(
  customerId: string,
  s: CustomerScore,
  scheduledFor: string,
): Omit<CustomerChanged, 'history'> {
  return {
    customerId,
    score: s.health.score,
    band: s.health.band,
    previousBand: s.health.previousBand,
    change: s.health.change,
    trend: s.health.trend,
    measures: Object.entries(s.health.measures).map(([name, m]) => ({ name, ...m })),
    potential: s.potential,
    daysToRenewal: s.daysToRenewal,
    plays: s.plays.map((p) => p.name),
    scheduledFor,
  };
}

/** What one page of a scoring pass needs besides its customers. */
interface Pass {
  scheduledFor: string;
  /** The instant the whole pass scores at, and its text. */
  now: number;
  asOf: string;
  history: boolean;
  /** The last id the pages before scored (null on the first page). */
  after: string | null;
  page: number;
  totals: ScoringTotals;
}

/**
 * The scheduled scorer: every customer not excluded (churned, onboarding) gets its health score,
 * trend, history point, renewal window and expansion potential written; a customer whose band
 * changed or who enters a play is handed on as its own decision. More customers than a page: the
 * pass goes on page by page (`expand.score-page`), each page a decision, at the first page's
 * instant. A history pass (`tick.history`) writes no customer and marks each handed-on change as
 * history, so no play is opened.
 */
export function scoreTick(
  ctx: Ctx,
  compiled: CompiledExpand,
  tick: ExpandTick,
): Promise<Decided<ExpandOutput>> {
  return scorePage(ctx, compiled, {
    scheduledFor: tick.scheduledFor,
    now: ctx.clock.now().getTime(),
    asOf: ctx.clock.iso(),
    history: tick.history === true,
    after: null,
    page: 1,
    totals: { scored: 0, excluded: 0, byBand: {}, changed: 0, playsOpened: 0 },
  });
}

/** The next page of a scoring pass over many customers. */
export function continueScoring(
  ctx: Ctx,
  compiled: CompiledExpand,
  page: ScorePage,
): Promise<Decided<ExpandOutput>> {
  ctx.trace.step('page', { page: page.page, after: page.after, asOf: page.asOf });
  return scorePage(ctx, compiled, {
    scheduledFor: page.scheduledFor,
    now: parseInstant(page.asOf),
    asOf: page.asOf,
    history: page.history === true,
    after: page.after,
    page: page.page,
    totals: page.totals,
  });
}

/** Scores one page of customers and hands the rest of the pass on. */
async function scorePage(ctx: Ctx, compiled: CompiledExpand, pass: Pass): Promise<Decided<ExpandOutput>> {
  const { now, asOf: iso, history: historyPass } = pass;
  const { page, more } = await pageAfter(ctx.records, 'customer', CUSTOMER_PAGE, pass.after);
  const scoring = page.filter((c) => !excluded(compiled, c.values));
  const trends = await trendReader(
    ctx.records,
    ctx.config,
    now,
    scoring.map((c) => c.id),
  );
  const t = { ...pass.totals, byBand: { ...pass.totals.byBand } };
  t.excluded += page.length - scoring.length;
  let withheld = 0;
  for (const c of scoring) {
    const s = scoreCustomer(compiled, ctx.config, c.values, now, iso, trends(c.id));
    t.scored++;
    t.byBand[s.health.band] = (t.byBand[s.health.band] ?? 0) + 1;
    if (!historyPass) ctx.write('customer', c.id, s.patch, 'patch');
    else withheld++;
    if (s.plays.length === 0 && s.health.band === s.health.previousBand) continue;
    t.changed++;
    t.playsOpened += s.plays.length;
    ctx.handoff(
      'expand.customer-changed',
      historyPass
        ? { ...changeOf(c.id, s, pass.scheduledFor), history: true }
        : changeOf(c.id, s, pass.scheduledFor),
      `customer:${c.id}`,
    );
  }
  if (historyPass)
    ctx.trace.step('history-pass', {
      asOf: iso,
      writesWithheld: withheld,
      reason: 'a pass for a past instant records decisions only: no customer write, task or notification',
    });
  const last = page.at(-1);
  const continued = more && last !== undefined;
  if (continued)
    ctx.handoff(
      'expand.score-page',
      {
        kind: 'expand.score-page',
        scheduledFor: pass.scheduledFor,
        asOf: iso,
        ...(historyPass ? { history: true } : {}),
        after: last.id,
        page: pass.page + 1,
        totals: t,
      },
      'loop:expand',
    );
  const paged = continued || pass.page > 1;
  const bands = Object.entries(t.byBand).sort(([a], [b]) => (a < b ? -1 : 1));
  return ctx.decide(
    {
      kind: 'scoring',
      scheduledFor: pass.scheduledFor,
      scored: t.scored,
      excluded: t.excluded,
      byBand: Object.fromEntries(bands),
      changed: t.changed,
      playsOpened: t.playsOpened,
      ...(historyPass ? { history: true as const } : {}),
      ...(paged ? { page: pass.page } : {}),
      ...(continued ? { continued: true as const } : {}),
    },
    {
      confidence: 1,
      subject: 'loop:expand',
      reasons: [
        `${t.scored} customer(s) scored${paged ? ` to page ${pass.page}` : ''} (${t.excluded} excluded): ${bands.map(([b, n]) => `${b} ${n}`).join(', ') || 'none'}`,
        historyPass
          ? `history pass as of ${iso}: ${t.changed} handed on as history, ${t.playsOpened} play(s) it would open; customer writes, tasks and notifications withheld`
          : `${t.changed} handed on, ${t.playsOpened} play(s) opened`,
        ...(continued ? [`the pass goes on after ${last.id} in page ${pass.page + 1}`] : []),
      ],
    },
  );
}
