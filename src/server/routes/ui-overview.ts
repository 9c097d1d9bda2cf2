import { z } from 'zod';
import { sinceInstant } from '../../cli/commands/route.js';
import { type MetricRow, metricsReport } from '../../feedback/index.js';
import { listReviewItemViews } from '../../runtime/index.js';
import { openReviewCounts } from '../../store/index.js';
import { listProposals } from '../../store/ops/proposals.js';
import { defineRoute } from '../route.js';
import { Since } from '../schemas.js';

const Row = z.object({
  metric: z.string(),
  kind: z.string(),
  label: z.string(),
  description: z.string(),
  count: z.number(),
  share: z.number().nullable(),
  rate: z.number().nullable(),
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
});

const LoopHealth = z.object({
  name: z.string(),
  enabled: z.boolean(),
  archetypes: z.array(z.string()),
  version: z.string(),
  source: z.string(),
  decisions: z.number().describe('Decisions in the window.'),
  latency: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }).describe('Milliseconds.'),
  quality: z.object({
    approvalRate: z.number().nullable(),
    editRate: z.number().nullable(),
    slaBreaches: z.number(),
  }),
  highlights: z.array(Row).describe('The leading label of each of the loop’s first outcome mixes.'),
  openReviews: z.number(),
  overdueReviews: z.number(),
  pendingProposals: z.number(),
});

/** Mixes whose labels are all numbers are histograms (score bins): their leading bin says little. */
const histogram = (rows: readonly MetricRow[], metric: string) =>
  rows.filter((r) => r.metric === metric).every((r) => /^-?\d+(\.\d+)?$/.test(r.label));

/** The leading label of each outcome mix, in the order the loop declares its metrics, at most four. */
function highlights(rows: readonly MetricRow[], order: readonly string[]): MetricRow[] {
  const best = new Map<string, MetricRow>();
  for (const r of rows)
    if (r.kind === 'mix' && r.share !== null && (best.get(r.metric)?.share ?? -1) < r.share)
      best.set(r.metric, r);
  for (const metric of best.keys()) if (histogram(rows, metric)) best.delete(metric);
  const rank = (m: string) => (order.includes(m) ? order.indexOf(m) : order.length);
  return [...best.values()].sort((a, b) => rank(a.metric) - rank(b.metric)).slice(0, 4);
}

/** Chains at a glance: every loop's volume, latency, quality, open reviews and pending proposals. */
export const overviewRoute = defineRoute({
  method: 'GET',
  url: '/v1/ui/overview',
  tag: 'ui',
  summary: 'Each chain with its loops’ health over a window (the web UI’s start page)',
  roles: ['admin', 'ops', 'manager'],
  query: z.object({ since: Since.default('7d') }),
  response: z.object({
    since: z.string(),
    until: z.string(),
    chains: z.array(z.object({ name: z.string(), loops: z.array(z.string()) })),
    loops: z.array(LoopHealth),
  }),
  handler: async (ctx, { query }) => {
    const { engine } = ctx;
    const now = ctx.clock();
    const since = sinceInstant(query.since, now);
    const open = new Map<string, number>();
    for (const r of await openReviewCounts(engine.store.db))
      open.set(r.loop, (open.get(r.loop) ?? 0) + r.count);
    const overdue = new Map<string, number>();
    for (const v of await listReviewItemViews(engine, { status: 'open', overdue: true, limit: 100_000 }, now))
      overdue.set(v.loop, (overdue.get(v.loop) ?? 0) + 1);
    const pending = new Map<string, number>();
    for (const p of await listProposals(engine.store.db, { status: 'open' }))
      pending.set(p.loop, (pending.get(p.loop) ?? 0) + 1);
    const loops = [];
    for (const l of engine.workspace.loops.values()) {
      const m = await metricsReport(engine, l.name, { since, now });
      loops.push({
        name: l.name,
        enabled: l.enabled,
        archetypes: [...l.loop.archetypes],
        version: l.version,
        source: l.source,
        decisions: m.decisions,
        latency: { p50: m.latency.p50, p95: m.latency.p95 },
        quality: {
          approvalRate: m.quality.approvalRate,
          editRate: m.quality.editRate,
          slaBreaches: m.quality.slaBreaches,
        },
        highlights: highlights(
          m.rows,
          l.loop.metrics.map((s) => s.name),
        ),
        openReviews: open.get(l.name) ?? 0,
        overdueReviews: overdue.get(l.name) ?? 0,
        pendingProposals: pending.get(l.name) ?? 0,
      });
    }
    return {
      since,
      until: now.toISOString(),
      chains: engine.workspace.config.chains.map((c) => ({ name: c.name, loops: [...c.loops] })),
      loops,
    };
  },
});
