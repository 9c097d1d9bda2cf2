import type { FeedbackSpec, Finding, MetricSummary } from '../../kernel/index.js';
import type { QualifyConfig } from './config.js';
import { gradeLiftMonitor } from './feedback-lift.js';
import { mix, pct } from './metric-mix.js';

/** The top grade's share of the window: the grade, how many got it and of how many. */
function topGradeShare(metrics: readonly MetricSummary[], config: QualifyConfig) {
  const top = config.grades.thresholds[0];
  const grades = mix(metrics, 'grade');
  const total = [...grades.values()].reduce((a, b) => a + b, 0);
  const count = top ? (grades.get(top.grade) ?? 0) : 0;
  return { top, grades, total, count, share: total === 0 ? 0 : count / total };
}

/**
 * Level 2: warns when the share of top-grade (A) leads leaves the band in
 * `monitors.gradeDrift`. A rising share means better leads, or a model that no longer discriminates.
 */
export const gradeDriftMonitor: FeedbackSpec<QualifyConfig> = {
  name: 'grade-drift',
  description: 'Warns when the share of A-grade leads in the window moves outside the configured band.',
  level: 2,
  reads: ['grade'],
  evaluate: (metrics, config) => {
    const m = config.monitors.gradeDrift;
    const { top, grades, total, count, share } = topGradeShare(metrics, config);
    if (!m.enabled || !top || total < m.minDecisions) return [];
    if (share >= m.minShareA && share <= m.maxShareA) return [];
    const high = share > m.maxShareA;
    const message = high
      ? `${pct(share)} of ${total} leads were graded ${top.grade}, above the ${pct(m.maxShareA)} limit: either lead quality rose or the model lost discrimination; review the factors behind recent ${top.grade} leads`
      : `${pct(share)} of ${total} leads were graded ${top.grade}, below the ${pct(m.minShareA)} floor: the model may be too strict, or enrichment is missing data`;
    const evidence = {
      grade: top.grade,
      count,
      total,
      share,
      band: { min: m.minShareA, max: m.maxShareA },
      mix: Object.fromEntries(grades),
    };
    return [{ feedback: 'grade-drift', severity: 'warning', message, evidence }];
  },
};

/** Walks scores from the top down and returns the lowest score whose share at or above stays within target. */
function thresholdForShare(
  histogram: ReadonlyMap<string, number>,
  target: number,
): { threshold: number; count: number; total: number } | undefined {
  const rows = [...histogram]
    .map(([label, n]) => [Number(label), n] as const)
    .filter(([s]) => Number.isFinite(s))
    .sort((a, b) => b[0] - a[0]);
  const total = rows.reduce((a, [, n]) => a + n, 0);
  let count = 0;
  let threshold: number | undefined;
  for (const [score, n] of rows) {
    if (count + n > target * total)
      return { threshold: threshold ?? score, count: threshold === undefined ? n : count, total };
    count += n;
    threshold = score;
  }
  return threshold === undefined ? undefined : { threshold, count, total };
}

/**
 * Level 3: when more than `whenShareAAbove` of scored leads are A, proposes raising the A
 * threshold to the score at which `targetShareA` of them would be, with the evidence.
 */
export const raiseAThresholdProposer: FeedbackSpec<QualifyConfig> = {
  name: 'raise-a-threshold',
  description: 'Proposes raising the A threshold when too large a share of scored leads is graded A.',
  level: 3,
  reads: ['grade', 'score_histogram'],
  evaluate: (metrics, config) => {
    const p = config.proposals.raiseAThreshold;
    const { top, total, count, share } = topGradeShare(metrics, config);
    if (!p.enabled || !top || total < p.minDecisions || share <= p.whenShareAAbove) return [];
    const found = thresholdForShare(mix(metrics, 'score_histogram'), p.targetShareA);
    if (!found || found.threshold <= top.min) return [];
    const projected = found.total === 0 ? 0 : found.count / found.total;
    const finding: Finding = {
      feedback: 'raise-a-threshold',
      severity: 'info',
      message: `Raise the ${top.grade} threshold from ${top.min} to ${found.threshold}: ${pct(share)} of ${total} scored leads were ${top.grade} (limit ${pct(p.whenShareAAbove)}); at ${found.threshold}, ${pct(projected)} would be (target ${pct(p.targetShareA)})`,
      evidence: {
        grade: top.grade,
        scored: total,
        count,
        share,
        whenShareAAbove: p.whenShareAAbove,
        targetShareA: p.targetShareA,
        currentMin: top.min,
        proposedMin: found.threshold,
        projectedCount: found.count,
        projectedShare: projected,
        note: 'the projection counts scores only; a minFit on the grade can lower the real share further',
      },
      patch: [{ path: 'grades.thresholds.0.min', from: top.min, to: found.threshold }],
    };
    return [finding];
  },
};

/** Qualify's feedback: the grade drift and grade lift monitors and the A-threshold proposer. */
export const qualifyFeedback: readonly FeedbackSpec<QualifyConfig>[] = [
  gradeDriftMonitor,
  gradeLiftMonitor,
  raiseAThresholdProposer,
];
