import type { Command } from 'commander';
import { type MetricRow, type MetricsReport, metricsReport } from '../../feedback/index.js';
import { RevloopsError } from '../../kernel/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';
import { sinceInstant } from './route.js';

type MetricsOptions = CommonOptions & { since: string; by?: string; metric?: string };

const pct = (n: number | null) => (n === null ? '' : `${(Math.round(n * 1000) / 10).toFixed(1)}%`);
const num = (n: number | null) => (n === null ? '' : String(n));

const MAX_LABELS = 12;

/** Rows for people: a mix with many labels (a score histogram) shows its largest ones and a count of the rest. */
function shown(rows: readonly MetricRow[]): (MetricRow | { metric: string; more: number })[] {
  const out: (MetricRow | { metric: string; more: number })[] = [];
  const byMetric = new Map<string, MetricRow[]>();
  for (const r of rows) byMetric.set(r.metric, [...(byMetric.get(r.metric) ?? []), r]);
  for (const [metric, list] of byMetric) {
    if (list.length <= MAX_LABELS) {
      out.push(...list);
      continue;
    }
    out.push(...[...list].sort((a, b) => b.count - a.count).slice(0, MAX_LABELS - 2));
    out.push({ metric, more: list.length - (MAX_LABELS - 2) });
  }
  return out;
}

function human(r: MetricsReport): string {
  const q = r.quality;
  const lines = [
    `${r.loop} since ${r.since.slice(0, 16)}: ${r.decisions} decision(s); latency p50 ${num(r.latency.p50)} ms, p95 ${num(r.latency.p95)} ms, mean ${num(r.latency.mean)} ms, max ${num(r.latency.max)} ms`,
    `review: ${q.reviewActions} action(s), approval rate ${pct(q.approvalRate) || '-'}, edit rate ${pct(q.editRate) || '-'}, ${q.slaBreaches} resolved after their SLA; proposals ${
      Object.entries(q.proposals)
        .map(([s, n]) => `${s} ${n}`)
        .join(', ') || 'none'
    }`,
    '',
    table([
      ['metric', 'label', 'count', 'share', 'per decision', 'mean', 'min', 'max'],
      ...shown(r.rows).map((m) =>
        'more' in m
          ? [m.metric, `(${m.more} more labels: --json lists them)`, '', '', '', '', '', '']
          : [
              m.metric,
              m.label || '-',
              String(m.count),
              pct(m.share),
              num(m.rate),
              num(m.mean),
              num(m.min),
              num(m.max),
            ],
      ),
    ]),
  ];
  if (r.ratios.length > 0) {
    lines.push(
      '',
      table([
        ['rate', 'of', 'count', 'rate'],
        ...r.ratios.map((x) => [
          `${x.metric} ${x.label}`,
          `${x.of} ${x.base} (${x.baseCount})`,
          String(x.count),
          // From the counts, not the rate already rounded to four places: 6 of 11 is 54.5%.
          pct(x.count / x.baseCount),
        ]),
      ]),
    );
  }
  if (r.series) {
    lines.push(
      '',
      table([
        ['bucket', 'metric', 'label', 'count', 'mean'],
        ...r.series.map((s) => [s.bucket, s.metric, s.label || '-', String(s.count), String(s.mean)]),
      ]),
    );
  }
  return lines.join('\n');
}

/** `revloops metrics <loop>`: what a loop measures over a window, as a table or JSON. */
export function registerMetrics(program: Command, rt: CliRuntime): void {
  common(program.command('metrics <loop>'))
    .description(
      "a loop's metrics over a window: volume, latency p50/p95, outcome mix, quality (review approval and edit rates, SLA breaches)",
    )
    .option('--since <span>', 'the window: 7d, 24h, 90m, 2w or an ISO-8601 instant', '7d')
    .option('--by <bucket>', 'also print the series per hour or day')
    .option('--metric <name>', 'with --by: only this metric')
    .action(async (loop: string, opts: MetricsOptions) => {
      if (opts.by !== undefined && opts.by !== 'hour' && opts.by !== 'day')
        throw new RevloopsError('USAGE', `--by expects hour or day, got ${opts.by}`);
      const now = (rt.setup.clock ?? (() => new Date()))();
      const since = sinceInstant(opts.since, now);
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const r = await metricsReport(engine, loop, {
          since,
          now,
          ...(opts.by ? { by: opts.by as 'hour' | 'day' } : {}),
          ...(opts.metric ? { metric: opts.metric } : {}),
        });
        emit(rt, opts, r, () => human(r));
      });
    });
}
