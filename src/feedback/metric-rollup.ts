import type { DecisionFacts, MetricSpec, MetricSummary } from '../kernel/index.js';
import { observeMetrics } from '../kernel/index.js';

/** Metric summaries of a set of decisions, computed in memory the way the store rolls them up. */
export class MetricTally {
  private readonly rows = new Map<string, MetricSummary>();
  decisions = 0;

  constructor(private readonly specs: readonly MetricSpec[]) {}

  add(facts: DecisionFacts): void {
    this.decisions++;
    for (const o of observeMetrics(this.specs, facts)) {
      const key = `${o.metric}\u0000${o.label}`;
      const r = this.rows.get(key);
      if (r) {
        r.count++;
        r.sum += o.value;
        r.min = Math.min(r.min, o.value);
        r.max = Math.max(r.max, o.value);
      } else {
        this.rows.set(key, {
          metric: o.metric,
          label: o.label,
          count: 1,
          sum: o.value,
          min: o.value,
          max: o.value,
        });
      }
    }
  }

  summaries(): MetricSummary[] {
    return [...this.rows.values()].sort(
      (a, b) => a.metric.localeCompare(b.metric) || a.label.localeCompare(b.label),
    );
  }
}

/** The value a rollback band or a side-by-side row compares: a label's share, a mean, or a rate per decision. */
export function metricStat(
  summaries: readonly MetricSummary[],
  decisions: number,
  q: { metric: string; label?: string | undefined; stat: 'share' | 'mean' | 'rate' },
): number | null {
  const rows = summaries.filter((s) => s.metric === q.metric);
  const of = rows.filter((s) => q.label === undefined || s.label === q.label);
  const count = of.reduce((a, s) => a + s.count, 0);
  if (q.stat === 'share') {
    const total = rows.reduce((a, s) => a + s.count, 0);
    return total === 0 ? null : count / total;
  }
  if (q.stat === 'mean') return count === 0 ? null : of.reduce((a, s) => a + s.sum, 0) / count;
  return decisions === 0 ? null : count / decisions;
}
