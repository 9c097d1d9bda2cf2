import { type MetricSpec, RevloopsError } from '../kernel/index.js';
import { type Engine, REVIEW_METRICS } from '../runtime/index.js';
import { latencyPercentiles, metricSeries } from '../store/ops/metric-series.js';
import { listProposals } from '../store/ops/proposals.js';
import { loopMetricSummaries } from './metric-rollup.js';

/** One metric (and label) over the window. */
export interface MetricRow {
  metric: string;
  kind: MetricSpec['kind'] | 'review';
  label: string;
  description: string;
  count: number;
  /** mix: the label's share of the metric; count: per decision; value: mean, min and max. */
  share: number | null;
  rate: number | null;
  mean: number | null;
  min: number | null;
  max: number | null;
}

/** A loop's metrics over a window: volume, latency, its declared metrics, and review and proposal quality. */
export interface MetricsReport {
  loop: string;
  since: string;
  until: string;
  decisions: number;
  latency: { p50: number | null; p95: number | null; mean: number | null; max: number | null };
  quality: {
    reviewActions: number;
    approvalRate: number | null;
    editRate: number | null;
    slaBreaches: number;
    proposals: Record<string, number>;
  };
  rows: MetricRow[];
  /**
   * Rates between mixes: a label `A:converted` of one mix over the count of label `A` of another
   * (qualify's outcome over grade is conversion by grade).
   */
  ratios: {
    metric: string;
    label: string;
    of: string;
    base: string;
    count: number;
    baseCount: number;
    rate: number;
  }[];
  /** Per time bucket (with `by`): count and mean of each metric and label. */
  series?: { bucket: string; metric: string; label: string; count: number; mean: number }[];
}

const round = (n: number | null, digits = 4) =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;

/** Labels `<base>:<what>` of one mix whose base is a label of exactly one other mix, as rates of it. */
function ratios(rows: readonly MetricRow[]): MetricsReport['ratios'] {
  const mixes = rows.filter((r) => r.kind === 'mix');
  const out: MetricsReport['ratios'] = [];
  for (const r of mixes) {
    const at = r.label.indexOf(':');
    if (at <= 0) continue;
    const base = r.label.slice(0, at);
    const of = [
      ...new Set(mixes.filter((m) => m.metric !== r.metric && m.label === base).map((m) => m.metric)),
    ];
    if (of.length !== 1) continue;
    const baseCount = mixes.find((m) => m.metric === of[0] && m.label === base)?.count ?? 0;
    if (baseCount > 0)
      out.push({
        metric: r.metric,
        label: r.label,
        of: of[0] as string,
        base,
        count: r.count,
        baseCount,
        rate: round(r.count / baseCount) ?? 0,
      });
  }
  return out;
}

/** Computes a loop's metrics report from the hourly rollups (and the decisions, for latency percentiles). */
export async function metricsReport(
  engine: Engine,
  loop: string,
  opts: { since: string; now: Date; by?: 'hour' | 'day'; metric?: string },
): Promise<MetricsReport> {
  const loaded = engine.workspace.loops.get(loop);
  if (!loaded) throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${loop} in this workspace`);
  const specs = new Map(loaded.loop.metrics.map((m) => [m.name, m]));
  const summaries = await loopMetricSummaries(engine.store.db, loop, loaded.loop.metrics, opts.since);
  const total = (metric: string) =>
    summaries.filter((s) => s.metric === metric).reduce((a, s) => a + s.count, 0);
  const decisions = total('decisions');
  const latency = summaries.find((s) => s.metric === 'latency_ms' && s.label === '');
  const pct = await latencyPercentiles(engine.store.db, {
    loop,
    since: opts.since,
    percentiles: [0.5, 0.95],
  });
  const rows: MetricRow[] = summaries.map((s) => {
    const spec = specs.get(s.metric);
    const kind = spec?.kind ?? (s.metric in REVIEW_METRICS ? 'review' : s.label === '' ? 'value' : 'mix');
    const valued = kind === 'value' || s.metric === 'review_hours';
    return {
      metric: s.metric,
      kind,
      label: s.label,
      description: spec?.description ?? REVIEW_METRICS[s.metric] ?? '',
      count: s.count,
      share:
        kind === 'mix' || (kind === 'review' && s.label !== '')
          ? round(s.count / Math.max(1, total(s.metric)))
          : null,
      rate: kind === 'count' ? round(s.count / Math.max(1, decisions)) : null,
      mean: valued ? round(s.sum / Math.max(1, s.count)) : null,
      min: valued ? round(s.min) : null,
      max: valued ? round(s.max) : null,
    };
  });
  const action = (label: string) =>
    summaries.find((s) => s.metric === 'review_action' && s.label === label)?.count ?? 0;
  const [approve, edit, reject] = [action('approve'), action('edit'), action('reject')];
  const resolved = approve + edit + reject;
  const proposals: Record<string, number> = {};
  for (const p of await listProposals(engine.store.db, { loop, limit: 10_000 }))
    if (p.created_at >= opts.since) proposals[p.status] = (proposals[p.status] ?? 0) + 1;
  const report: MetricsReport = {
    loop,
    since: opts.since,
    until: opts.now.toISOString(),
    decisions,
    latency: {
      p50: round(pct.values.p50 ?? null, 2),
      p95: round(pct.values.p95 ?? null, 2),
      mean: latency ? round(latency.sum / Math.max(1, latency.count), 2) : null,
      max: latency ? round(latency.max, 2) : null,
    },
    quality: {
      reviewActions: total('review_action'),
      approvalRate: resolved === 0 ? null : round((approve + edit) / resolved),
      editRate: approve + edit === 0 ? null : round(edit / (approve + edit)),
      slaBreaches: total('review_sla_breach'),
      proposals,
    },
    rows,
    ratios: ratios(rows),
  };
  if (opts.by) {
    const width = opts.by === 'day' ? 10 : 13;
    const buckets = new Map<
      string,
      { bucket: string; metric: string; label: string; count: number; sum: number }
    >();
    for (const p of await metricSeries(engine.store.db, { loop, since: opts.since })) {
      if (opts.metric && p.metric !== opts.metric) continue;
      const bucket = p.bucket.slice(0, width);
      const key = `${bucket}\u0000${p.metric}\u0000${p.label}`;
      const b = buckets.get(key) ?? { bucket, metric: p.metric, label: p.label, count: 0, sum: 0 };
      b.count += p.count;
      b.sum += p.sum;
      buckets.set(key, b);
    }
    report.series = [...buckets.values()].map((b) => ({
      bucket: b.bucket,
      metric: b.metric,
      label: b.label,
      count: b.count,
      mean: round(b.sum / Math.max(1, b.count)) ?? 0,
    }));
  }
  return report;
}
