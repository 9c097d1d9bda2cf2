import type { FeedbackSpec, Finding, MetricSummary } from 'revloops';
import type { PqlConfig } from './config.js';

const total = (metrics: readonly MetricSummary[], name: string) =>
  metrics.filter((m) => m.metric === name).reduce((t, m) => t + m.count, 0);

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

/**
 * Level 2: warns when too few PQLs convert (`monitors.conversion`). A low rate means the threshold
 * lets in accounts sales cannot convert, or the weights reward activity that does not signal intent.
 */
const conversionMonitor: FeedbackSpec<PqlConfig> = {
  name: 'pql-conversion',
  description:
    'Warns when the share of product-qualified leads that convert falls below the configured floor.',
  level: 2,
  reads: ['pqls', 'conversions'],
  evaluate: (metrics, config) => {
    const m = config.monitors.conversion;
    const pqls = total(metrics, 'pqls');
    const conversions = total(metrics, 'conversions');
    if (!m.enabled || pqls < m.minPqls) return [];
    const rate = conversions / pqls;
    if (rate >= m.minRate) return [];
    const finding: Finding = {
      feedback: 'pql-conversion',
      severity: 'warning',
      message: `${conversions} of ${pqls} product-qualified leads converted (${pct(rate)}), below the ${pct(m.minRate)} floor: raise the threshold (${config.threshold}) or weight the features that precede a purchase`,
      evidence: { pqls, conversions, rate, minRate: m.minRate, threshold: config.threshold },
    };
    return [finding];
  },
};

/** The loop's feedback. */
export const pqlFeedback: readonly FeedbackSpec<PqlConfig>[] = [conversionMonitor];
