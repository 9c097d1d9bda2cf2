import { type Decided, eachPage, type LoopContext, type RecordReader } from '../../kernel/index.js';
import type { ExpandConfig } from './config.js';
import type { CustomerChanged, ExpandOutput, ExpandTick } from './contract.js';
import { type CompiledExpand, excluded } from './plays.js';
import { type CustomerScore, scoreCustomer, usageTrends } from './score.js';

type Ctx = LoopContext<ExpandConfig>;

/** Customers scored at a time: a pass over a million of them holds one page, never all. */
const CUSTOMER_PAGE = 1_000;

/**
 * The usage trend of every metric a measure reads, per customer, read once per run from the
 * periods that had started by `now` (a run as of a past instant does not see later periods).
 */
export async function trendReader(
  records: RecordReader,
  config: Readonly<ExpandConfig>,
  now: number,
): Promise<(id: string) => (metric: string) => number | null> {
  const byMetric = new Map<string, Map<string, number>>();
  for (const m of config.health.measures)
    if (m.usageTrend !== undefined && !byMetric.has(m.usageTrend))
      byMetric.set(m.usageTrend, usageTrends(await records.find('usage', { metric: m.usageTrend }), now));
  return (id) => (metric) => byMetric.get(metric)?.get(id) ?? null;
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

/**
 * The scheduled scorer: every customer not excluded (churned, onboarding) gets its health score,
 * trend, history point, renewal window and expansion potential written; a customer whose band
 * changed or who enters a play is handed on as its own decision. A history pass (`tick.history`)
 * writes no customer and marks each handed-on change as history, so no play is opened.
 */
export async function scoreTick(
  ctx: Ctx,
  compiled: CompiledExpand,
  tick: ExpandTick,
): Promise<Decided<ExpandOutput>> {
  const historyPass = tick.history === true;
  const now = ctx.clock.now().getTime();
  const iso = ctx.clock.iso();
  const trends = await trendReader(ctx.records, ctx.config, now);
  const byBand: Record<string, number> = {};
  let scored = 0;
  let skipped = 0;
  let changed = 0;
  let playsOpened = 0;
  await eachPage(ctx.records, 'customer', {}, CUSTOMER_PAGE, (page) => {
    for (const c of page) {
      if (excluded(compiled, c.values)) {
        skipped++;
        continue;
      }
      const s = scoreCustomer(compiled, ctx.config, c.values, now, iso, trends(c.id));
      scored++;
      byBand[s.health.band] = (byBand[s.health.band] ?? 0) + 1;
      if (!historyPass) ctx.write('customer', c.id, s.patch, 'patch');
      if (s.plays.length === 0 && s.health.band === s.health.previousBand) continue;
      changed++;
      playsOpened += s.plays.length;
      ctx.handoff(
        'expand.customer-changed',
        historyPass
          ? { ...changeOf(c.id, s, tick.scheduledFor), history: true }
          : changeOf(c.id, s, tick.scheduledFor),
        `customer:${c.id}`,
      );
    }
  });
  if (historyPass)
    ctx.trace.step('history-pass', {
      asOf: iso,
      writesWithheld: scored,
      reason: 'a pass for a past instant records decisions only: no customer write, task or notification',
    });
  const bands = Object.entries(byBand).sort(([a], [b]) => (a < b ? -1 : 1));
  return ctx.decide(
    {
      kind: 'scoring',
      scheduledFor: tick.scheduledFor,
      scored,
      excluded: skipped,
      byBand: Object.fromEntries(bands),
      changed,
      playsOpened,
      ...(historyPass ? { history: true as const } : {}),
    },
    {
      confidence: 1,
      subject: 'loop:expand',
      reasons: [
        `${scored} customer(s) scored (${skipped} excluded): ${bands.map(([b, n]) => `${b} ${n}`).join(', ') || 'none'}`,
        historyPass
          ? `history pass as of ${iso}: ${changed} handed on as history, ${playsOpened} play(s) it would open; customer writes, tasks and notifications withheld`
          : `${changed} handed on, ${playsOpened} play(s) opened`,
      ],
    },
  );
}
