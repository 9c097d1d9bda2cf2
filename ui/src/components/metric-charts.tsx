import { useMemo } from 'react';
import { ms, num, pct } from '../format.js';
import type { MetricRow, MetricsReport } from '../types.js';
import { type Series, TimeChart } from './chart.js';

type Point = NonNullable<MetricsReport['series']>[number];

const HOUR = 3_600_000;

/** Every bucket of the window, as the series names them (2026-11-02T17 by hour, 2026-11-02 by day). */
function bucketsOf(since: string, until: string, by: 'hour' | 'day'): string[] {
  const step = by === 'day' ? 24 * HOUR : HOUR;
  const width = by === 'day' ? 10 : 13;
  const start = Math.floor(Date.parse(since) / step) * step;
  const out: string[] = [];
  for (let t = start; t <= Date.parse(until) && out.length < 2000; t += step)
    out.push(new Date(t).toISOString().slice(0, width));
  return out;
}

const seconds = (bucket: string) =>
  Date.parse(bucket.length === 10 ? `${bucket}T00:00:00Z` : `${bucket}:00:00Z`) / 1000;

/** Mixes whose labels are all numbers are histograms: their shares over time say little. */
const isHistogram = (rows: readonly MetricRow[], metric: string) =>
  rows.filter((r) => r.metric === metric).every((r) => /^-?\d+(\.\d+)?$/.test(r.label));

type Chart = { title: string; x: number[]; series: Series[]; format?: (v: number) => string };

/** Charts of a loop's series over its window: volume, latency, each outcome mix as shares, each measured value. */
function chartsOf(report: MetricsReport, by: 'hour' | 'day'): Chart[] {
  const points = report.series ?? [];
  const buckets = bucketsOf(report.since, report.until, by);
  const x = buckets.map(seconds);
  const at = new Map(buckets.map((b, i) => [b, i]));
  const line = (pick: (p: Point) => number, filter: (p: Point) => boolean, empty: number | null = null) => {
    const values: (number | null)[] = buckets.map(() => empty);
    for (const p of points) {
      const i = at.get(p.bucket);
      if (i !== undefined && filter(p)) values[i] = pick(p);
    }
    return values;
  };
  const kinds = new Map(report.rows.map((r) => [r.metric, r.kind]));
  const charts: Chart[] = [];
  charts.push({
    title: 'Decisions',
    x,
    series: [
      {
        label: 'decisions',
        values: line(
          (p) => p.count,
          (p) => p.metric === 'decisions',
          0,
        ),
      },
    ],
  });
  charts.push({
    title: 'Latency (mean)',
    x,
    series: [
      {
        label: 'latency',
        values: line(
          (p) => p.mean,
          (p) => p.metric === 'latency_ms' && p.label === '',
        ),
      },
    ],
    format: (v) => ms(v),
  });
  for (const [metric, kind] of kinds) {
    if (metric === 'decisions' || metric === 'latency_ms') continue;
    if (kind === 'mix' && !isHistogram(report.rows, metric)) {
      const totals = new Map<string, number>();
      for (const p of points)
        if (p.metric === metric) totals.set(p.bucket, (totals.get(p.bucket) ?? 0) + p.count);
      const labels = report.rows
        .filter((r) => r.metric === metric)
        .sort((a, b) => b.count - a.count)
        .slice(0, 6)
        .map((r) => r.label);
      charts.push({
        title: `${metric} (share)`,
        x,
        series: labels.map((label) => ({
          label,
          values: line(
            (p) => p.count / Math.max(1, totals.get(p.bucket) ?? 0),
            (p) => p.metric === metric && p.label === label,
          ),
        })),
        format: (v) => pct(v, 0),
      });
    } else if (kind === 'value') {
      charts.push({
        title: `${metric} (mean)`,
        x,
        series: [
          {
            label: metric,
            values: line(
              (p) => p.mean,
              (p) => p.metric === metric && p.label === '',
            ),
          },
        ],
      });
    }
  }
  return charts.filter((c) => c.series.some((s) => s.values.some((v) => v !== null)));
}

function value(r: MetricRow): string {
  if (r.share !== null) return pct(r.share);
  if (r.rate !== null) return `${num(r.rate, 3)} per decision`;
  if (r.mean !== null) return `${num(r.mean)} (${num(r.min)}–${num(r.max)})`;
  return '';
}

/** A loop's metrics over a window: headline numbers, one chart per series, and the table of every metric. */
export function MetricCharts({ report, by }: { report: MetricsReport; by: 'hour' | 'day' }) {
  const charts = useMemo(() => chartsOf(report, by), [report, by]);
  return (
    <>
      <dl className="kpis wide">
        <div>
          <dt>decisions</dt>
          <dd>{report.decisions}</dd>
        </div>
        <div>
          <dt>latency p50 / p95</dt>
          <dd>
            {ms(report.latency.p50)} / {ms(report.latency.p95)}
          </dd>
        </div>
        <div>
          <dt>approved / edited</dt>
          <dd>
            {pct(report.quality.approvalRate, 0)} / {pct(report.quality.editRate, 0)}
          </dd>
        </div>
        <div>
          <dt>SLA breaches</dt>
          <dd>{report.quality.slaBreaches}</dd>
        </div>
      </dl>
      <div className="charts">
        {charts.map((c) => (
          <TimeChart
            key={c.title}
            title={c.title}
            x={c.x}
            series={c.series}
            {...(c.format ? { format: c.format } : {})}
          />
        ))}
      </div>
      <details>
        <summary>Every metric ({report.rows.length})</summary>
        <table className="list">
          <thead>
            <tr>
              <th>Metric</th>
              <th>Label</th>
              <th>Count</th>
              <th>Value</th>
            </tr>
          </thead>
          <tbody>
            {report.rows.map((r) => (
              <tr key={`${r.metric}:${r.label}`} title={r.description}>
                <td>{r.metric}</td>
                <td>{r.label}</td>
                <td className="num">{r.count}</td>
                <td>{value(r)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
