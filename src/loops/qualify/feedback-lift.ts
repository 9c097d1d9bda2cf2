import type { FeedbackSpec, MetricSummary } from '../../kernel/index.js';
import { aucFromCounts } from '../../stats/auc.js';
import type { QualifyConfig } from './config.js';
import { mix, pct } from './metric-mix.js';

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Counts per whole score of the labels `<outcome>:<score>` of the outcome_score metric. */
function scoresOf(metrics: readonly MetricSummary[], outcome: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const [label, n] of mix(metrics, 'outcome_score')) {
    const [o, s] = label.split(':');
    if (o === outcome && s !== undefined && Number.isFinite(Number(s)))
      out.set(Number(s), (out.get(Number(s)) ?? 0) + n);
  }
  return out;
}

/** Scored leads, conversions, rate and lift per grade in the window, highest grade first. */
function liftByGrade(metrics: readonly MetricSummary[], config: QualifyConfig) {
  const scored = mix(metrics, 'grade');
  const outcomes = mix(metrics, 'outcome');
  const order = [...config.grades.thresholds.map((t) => t.grade), config.grades.otherwise];
  const totalScored = [...scored.values()].reduce((a, b) => a + b, 0);
  const totalConverted = order.reduce((a, g) => a + (outcomes.get(`${g}:converted`) ?? 0), 0);
  const overall = totalScored === 0 ? 0 : totalConverted / totalScored;
  const rows = order.map((grade) => {
    const leads = scored.get(grade) ?? 0;
    const converted = outcomes.get(`${grade}:converted`) ?? 0;
    const rate = leads === 0 ? null : converted / leads;
    return {
      grade,
      leads,
      converted,
      rate,
      lift: rate === null || overall === 0 ? null : round(rate / overall),
    };
  });
  return { rows, totalScored, totalConverted, overall };
}

/** The AUC of the score for conversion (converted vs the rest scored) and for won vs lost, from the histograms. */
function aucFromMetrics(metrics: readonly MetricSummary[]): {
  conversion: number | null;
  win: number | null;
} {
  const converted = scoresOf(metrics, 'converted');
  const rest = new Map<number, number>();
  for (const [label, n] of mix(metrics, 'score_histogram')) {
    const s = Number(label);
    if (Number.isFinite(s)) rest.set(s, n - (converted.get(s) ?? 0));
  }
  const conversion = aucFromCounts(converted, rest);
  const win = aucFromCounts(scoresOf(metrics, 'won'), scoresOf(metrics, 'lost'));
  return {
    conversion: conversion === null ? null : round(conversion),
    win: win === null ? null : round(win),
  };
}

/**
 * Level 2: warns when the grades stop ranking conversion: the top grade converts at less than
 * `minTopLift` times the average, or a lower grade converts more often than a higher one. Conversions
 * come from `lead.converted` events, counted against the grade the lead had been given.
 */
export const gradeLiftMonitor: FeedbackSpec<QualifyConfig> = {
  name: 'grade-lift',
  description: 'Warns when the top grade converts too little above average, or a lower grade converts more.',
  level: 2,
  reads: ['grade', 'outcome', 'outcome_score', 'score_histogram'],
  evaluate: (metrics, config) => {
    // A config stored before this monitor existed has no settings for it: it does not run.
    const m: QualifyConfig['monitors']['gradeLift'] | undefined = config.monitors.gradeLift;
    if (m === undefined || !m.enabled) return [];
    const { rows, totalScored, totalConverted, overall } = liftByGrade(metrics, config);
    if (totalConverted < m.minOutcomes) return [];
    const top = rows[0];
    const problems: string[] = [];
    if (top && top.lift !== null && top.lift < m.minTopLift)
      problems.push(
        `${top.grade} leads converted at ${top.lift}× the average (want at least ${m.minTopLift}×)`,
      );
    const ranked = rows.filter((r) => r.rate !== null && r.leads >= 10);
    ranked.forEach((r, i) => {
      const above = ranked[i - 1];
      if (above && r.rate !== null && above.rate !== null && r.rate > above.rate)
        problems.push(
          `${r.grade} converted more often (${pct(r.rate)}) than ${above.grade} (${pct(above.rate)})`,
        );
    });
    if (problems.length === 0) return [];
    const evidence = {
      scored: totalScored,
      converted: totalConverted,
      overallRate: round(overall),
      byGrade: rows.map((r) => ({ ...r, rate: r.rate === null ? null : round(r.rate) })),
      auc: aucFromMetrics(metrics),
    };
    const message = `Grades no longer rank conversion: ${problems.join('; ')}. Run \`revloops qualify calibrate\` to fit the weights on outcomes.`;
    return [{ feedback: 'grade-lift', severity: 'warning', message, evidence }];
  },
};
