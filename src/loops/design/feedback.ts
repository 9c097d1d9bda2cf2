import type { FeedbackSpec, Finding } from '../../kernel/index.js';
import type { DesignConfig } from './config.js';

/** Warns the owner when the scenarios modeled keep landing under the coverage band. */
const coverageMonitor: FeedbackSpec<DesignConfig> = {
  name: 'coverage',
  description: 'Warns when the mean modeled coverage is under the band’s low end.',
  level: 2,
  reads: ['coverage'],
  evaluate: (metrics, config): Finding[] => {
    const m = metrics.find((x) => x.metric === 'coverage' && x.count > 0);
    if (!m) return [];
    const mean = m.sum / m.count;
    return mean >= config.coverage.low
      ? []
      : [
          {
            feedback: 'coverage',
            severity: 'warning',
            message: `modeled capacity covers ${Math.round(mean * 100)}% of target on average (band starts at ${Math.round(config.coverage.low * 100)}%)`,
            evidence: { mean, models: m.count },
          },
        ];
  },
};

/** Design's feedback. */
export const designFeedback: readonly FeedbackSpec<DesignConfig>[] = [coverageMonitor];
