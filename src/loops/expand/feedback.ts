import type { FeedbackSpec } from '../../kernel/index.js';
import type { ExpandConfig } from './config.js';

const MIN_MOVES = 10;
const SHARE = 0.5;

/**
 * Level 2: when half or more of the customers handed on land in the lowest band, either health is
 * falling across the base or the bands are set too high; the owner is told with the counts, and
 * `revloops expand calibrate` fits the weights on churn outcomes.
 */
const lowBandMonitor: FeedbackSpec<ExpandConfig> = {
  name: 'low-band-share',
  description: 'Alerts when most customers handed on land in the lowest health band.',
  level: 2,
  reads: ['band_moves'],
  evaluate: (metrics, config) => {
    const lowest = [...config.health.bands].sort((a, b) => a.min - b.min)[0]?.name;
    let total = 0;
    let low = 0;
    for (const m of metrics)
      if (m.metric === 'band_moves') {
        total += m.count;
        if (m.label === lowest) low += m.count;
      }
    if (!lowest || total < MIN_MOVES || low / total < SHARE) return [];
    return [
      {
        feedback: 'low-band-share',
        severity: 'warning',
        message: `${low} of ${total} customers handed on are in band ${lowest}: check the health bands, or run revloops expand calibrate on churn outcomes`,
        evidence: { band: lowest, low, total },
      },
    ];
  },
};

/** Expand's feedback. */
export const expandFeedback: readonly FeedbackSpec<ExpandConfig>[] = [lowBandMonitor];
