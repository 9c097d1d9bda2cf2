import type { FeedbackSpec, Finding } from '../../kernel/index.js';
import type { OnboardConfig } from './config.js';

/** The share of status changes that are `late` above which the plans' targets look too tight. */
const LATE_SHARE = 0.4;
const MIN_CHANGES = 10;

/**
 * Level 2: when a large share of status changes are to late, the milestone targets or the late
 * threshold are out of step with how onboarding really goes; the owner is told with the counts.
 */
const lateShareMonitor: FeedbackSpec<OnboardConfig> = {
  name: 'late-share',
  description: 'Alerts when most onboarding status changes are to late.',
  level: 2,
  reads: ['status_changes'],
  evaluate: (metrics, config) => {
    const counts = new Map<string, number>();
    for (const m of metrics)
      if (m.metric === 'status_changes') counts.set(m.label, (counts.get(m.label) ?? 0) + m.count);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const late = counts.get('late') ?? 0;
    if (total < MIN_CHANGES || late / total < LATE_SHARE) return [];
    const finding: Finding = {
      feedback: 'late-share',
      severity: 'warning',
      message: `${late} of ${total} onboarding status changes were to late: milestone targets may be too tight (late after ${config.status.lateAfterDays} days)`,
      evidence: {
        late,
        total,
        share: Math.round((late / total) * 1000) / 1000,
        lateAfterDays: config.status.lateAfterDays,
      },
    };
    return [finding];
  },
};

/** Onboard's feedback. */
export const onboardFeedback: readonly FeedbackSpec<OnboardConfig>[] = [lateShareMonitor];
