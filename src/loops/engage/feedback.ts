import type { FeedbackSpec, Finding, MetricSummary } from '../../kernel/index.js';
import type { EngageConfig } from './config.js';
import { editMetric, passMetric } from './metrics.js';
import { CRITERIA } from './rubric-config.js';

const pct = (share: number) => `${Math.round(share * 1000) / 10}%`;

/** Count and mean of a value metric over the window. */
function mean(metrics: readonly MetricSummary[], name: string): { count: number; mean: number } {
  const rows = metrics.filter((m) => m.metric === name);
  const count = rows.reduce((s, r) => s + r.count, 0);
  const sum = rows.reduce((s, r) => s + r.sum, 0);
  return { count, mean: count === 0 ? 0 : sum / count };
}

/**
 * Level 3: rep edits feed the composer. When reps keep rewriting the lines that serve a criterion,
 * the rubric let through drafts they do not trust: it proposes a stricter threshold for it, so such
 * drafts are revised (or flagged) before they reach the rep.
 */
const editRateProposer: FeedbackSpec<EngageConfig> = {
  name: 'edit-rate',
  description: 'Proposes a stricter rubric threshold for criteria whose lines reps edit too often.',
  level: 3,
  reads: CRITERIA.map(editMetric),
  evaluate: (metrics, config) => {
    const m = config.monitors.editRate;
    if (!m.enabled) return [];
    const findings: Finding[] = [];
    for (const c of CRITERIA) {
      const { count, mean: rate } = mean(metrics, editMetric(c));
      const from = config.rubric.thresholds[c];
      if (count < m.minReviews || rate <= m.maxEditRate || from >= 1) continue;
      const to = Math.min(1, Math.round((from + m.step) * 100) / 100);
      findings.push({
        feedback: 'edit-rate',
        severity: 'warning',
        message: `Reps edited ${c} lines in ${pct(rate)} of ${count} approved sequences (limit ${pct(m.maxEditRate)}): raise the ${c} threshold from ${from} to ${to}`,
        evidence: { criterion: c, approved: count, editRate: rate, limit: m.maxEditRate },
        patch: [{ path: `rubric.thresholds.${c}`, from, to, bounds: { min: 0, max: 1 } }],
      });
    }
    return findings;
  },
};

/** Level 2: warns when a criterion keeps failing, so its templates (or its threshold) need a look. */
const criterionFailMonitor: FeedbackSpec<EngageConfig> = {
  name: 'criterion-fail',
  description: 'Warns when drafts fail one criterion more often than not.',
  level: 2,
  reads: CRITERIA.map(passMetric),
  evaluate: (metrics, config) =>
    CRITERIA.flatMap((c) => {
      const { count, mean: rate } = mean(metrics, passMetric(c));
      if (count < config.monitors.editRate.minReviews || rate >= 0.5) return [];
      return [
        {
          feedback: 'criterion-fail',
          severity: 'warning' as const,
          message: `Only ${pct(rate)} of ${count} drafts pass ${c}: its templates in sequence.steps need facts or rewording`,
          evidence: { criterion: c, drafts: count, passRate: rate },
        },
      ];
    }),
};

/** Engage's feedback: edits to composer thresholds, and failing criteria. */
export const engageFeedback: readonly FeedbackSpec<EngageConfig>[] = [editRateProposer, criterionFailMonitor];
