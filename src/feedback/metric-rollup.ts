import type { DecisionFacts, MetricObservation, MetricSpec, MetricSummary } from '../kernel/index.js';
import { observeMetrics, rollUp } from '../kernel/index.js';
import { type Db, hourBucket, listDecisionViews, summarizeMetrics } from '../store/index.js';

/** Whether `a` was decided after `b`: by its instant, then by its id. */
function decidedAfter(a: DecisionFacts, b: { now: string; id: string }): boolean {
  const now = a.now ?? '';
  return now !== b.now ? now > b.now : (a.id ?? '') > b.id;
}

/**
 * Metric summaries of a set of decisions, computed in memory the way the store rolls them up,
 * except that a metric with `once` counts each of its keys once: the observation of the latest
 * decision (by its instant, then its id) that makes one with that key.
 */
export class MetricTally {
  private readonly rows = new Map<string, MetricSummary>();
  private readonly latest = new Map<string, { now: string; id: string; o: MetricObservation }>();
  private readonly each: readonly MetricSpec[];
  private readonly once: readonly MetricSpec[];
  decisions = 0;

  constructor(specs: readonly MetricSpec[]) {
    this.each = specs.filter((s) => s.once === undefined);
    this.once = specs.filter((s) => s.once !== undefined);
  }

  add(facts: DecisionFacts): void {
    this.decisions++;
    for (const o of observeMetrics(this.each, facts)) rollUp(this.rows, o);
    for (const spec of this.once) {
      const key = spec.once?.(facts);
      const [o] = key === undefined ? [] : observeMetrics([spec], facts);
      if (!o) continue;
      const kept = this.latest.get(`${spec.name}\u0000${key}`);
      if (!kept || decidedAfter(facts, kept))
        this.latest.set(`${spec.name}\u0000${key}`, { now: facts.now ?? '', id: facts.id ?? '', o });
    }
  }

  summaries(): MetricSummary[] {
    const rows = new Map(this.rows);
    for (const { o } of this.latest.values()) rollUp(rows, o);
    return [...rows.values()].sort(
      (a, b) => a.metric.localeCompare(b.metric) || a.label.localeCompare(b.label),
    );
  }
}

const PAGE = 1000;

/**
 * A loop's metric summaries since an instant: the hourly rollups, with each metric that counts
 * once per key (`once`) counted again over the loop's decisions in the window, so a subject that
 * several runs decided on (history passes as of past dates) counts once.
 */
export async function loopMetricSummaries(
  db: Db,
  loop: string,
  specs: readonly MetricSpec[],
  since: string,
): Promise<MetricSummary[]> {
  const rollups = await summarizeMetrics(db, loop, since);
  const once = specs.filter((s) => s.once !== undefined);
  if (once.length === 0) return rollups;
  const tally = new MetricTally(once);
  let afterId: string | undefined;
  for (;;) {
    // By each decision's own instant, from the hour of `since`: the hours the rollups sum.
    const page = await listDecisionViews(db, {
      loop,
      madeSince: hourBucket(since),
      modes: ['live', 'review'],
      limit: PAGE,
      ...(afterId ? { afterId } : {}),
    });
    for (const d of page) tally.add(d);
    afterId = page.at(-1)?.id;
    if (page.length < PAGE) break;
  }
  const recounted = new Map<string, MetricSummary[]>();
  for (const r of tally.summaries()) recounted.set(r.metric, [...(recounted.get(r.metric) ?? []), r]);
  const names = new Set(once.map((s) => s.name));
  // In the rollups' order: each recounted metric where its rollups were, the rest after them.
  const out: MetricSummary[] = [];
  for (const r of rollups) {
    if (!names.has(r.metric)) out.push(r);
    else {
      out.push(...(recounted.get(r.metric) ?? []));
      recounted.delete(r.metric);
    }
  }
  for (const rows of recounted.values()) out.push(...rows);
  return out;
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
