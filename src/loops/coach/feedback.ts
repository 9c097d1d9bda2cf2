import type { FeedbackSpec, Finding, MetricSummary } from '../../kernel/index.js';
import type { CoachConfig } from './config.js';

const countOf = (metrics: readonly MetricSummary[], name: string): number =>
  metrics.filter((m) => m.metric === name).reduce((s, m) => s + m.count, 0);

const MAX_OWN_CHANGE = 5;
const round = (x: number) => Math.round(x * 100) / 100;

/**
 * Level 3: when more than `proposals.maxAlertShare` of rep reviews alert a manager, alerts have
 * stopped being news; proposes a wider `alerts.ownChange` (half as wide again) with the alert rate
 * as evidence. It reads only new alerts, so an unchanged move that is deduplicated does not count.
 */
export const alertThresholdMonitor: FeedbackSpec<CoachConfig> = {
  name: 'alert-threshold',
  description: 'Proposes a wider own-average alert threshold when most rep reviews alert.',
  level: 3,
  reads: ['rep_reviews', 'alerted_reviews', 'alerts'],
  evaluate: (metrics, config) => {
    const p = config.proposals;
    if (!p.enabled) return [];
    const reviews = countOf(metrics, 'rep_reviews');
    const alerted = countOf(metrics, 'alerted_reviews');
    if (reviews < p.minReviews) return [];
    const share = alerted / reviews;
    if (share <= p.maxAlertShare) return [];
    const current = config.alerts.ownChange;
    const proposed = Math.min(MAX_OWN_CHANGE, round(current * 1.5));
    if (proposed <= current) return [];
    const byMove = metrics
      .filter((m) => m.metric === 'alerts')
      .map((m) => ({ moves: m.label, reviews: m.count }))
      .sort((a, b) => b.reviews - a.reviews || (a.moves < b.moves ? -1 : 1));
    const finding: Finding = {
      feedback: 'alert-threshold',
      severity: 'info',
      message: `${alerted} of ${reviews} rep reviews alerted (${Math.round(share * 100)}%, above ${Math.round(p.maxAlertShare * 100)}%): widen alerts.ownChange from ${current} to ${proposed}`,
      evidence: {
        reviews,
        alerted,
        share: Math.round(share * 1000) / 1000,
        maxAlertShare: p.maxAlertShare,
        byMove,
      },
      patch: [
        { path: 'alerts.ownChange', from: current, to: proposed, bounds: { min: 0.05, max: MAX_OWN_CHANGE } },
      ],
    };
    return [finding];
  },
};

/** Coach's feedback. */
export const coachFeedback: readonly FeedbackSpec<CoachConfig>[] = [alertThresholdMonitor];
