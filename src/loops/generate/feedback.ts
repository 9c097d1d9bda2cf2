import type { FeedbackSpec, Finding } from '../../kernel/index.js';
import type { GenerateConfig } from './config.js';

/** How much a proposal raises the intent threshold. */
const STEP = 1.25;

const sumOf = (metrics: Parameters<FeedbackSpec['evaluate']>[0], name: string) =>
  metrics.filter((m) => m.metric === name).reduce((s, m) => s + m.sum, 0);

/**
 * Level 3: when enough ABM plays have been reviewed and too few of them led to a new opportunity,
 * the intent threshold starts plays on accounts that are not ready; proposes raising it by a
 * quarter, with the conversion counts as evidence.
 */
const intentThresholdProposer: FeedbackSpec<GenerateConfig> = {
  name: 'intent-threshold',
  description: 'Proposes a higher ABM intent threshold when the plays it starts rarely convert.',
  level: 3,
  reads: ['abm_reviewed', 'abm_converted'],
  evaluate: (metrics, config) => {
    const abm = config.abm;
    if (!abm) return [];
    const reviewed = sumOf(metrics, 'abm_reviewed');
    const converted = sumOf(metrics, 'abm_converted');
    if (reviewed < abm.proposals.minPlays) return [];
    const rate = Math.round((converted / reviewed) * 1000) / 1000;
    if (rate >= abm.proposals.minConversion) return [];
    const to = Math.ceil(abm.threshold * STEP);
    const finding: Finding = {
      feedback: 'intent-threshold',
      severity: 'info',
      message: `${converted} of ${reviewed} ABM plays led to an opportunity (${rate}, under ${abm.proposals.minConversion}): raise the intent threshold from ${abm.threshold} to ${to}`,
      evidence: {
        reviewed,
        converted,
        conversion: rate,
        minConversion: abm.proposals.minConversion,
        threshold: abm.threshold,
      },
      patch: [{ path: 'abm.threshold', from: abm.threshold, to, bounds: { min: abm.threshold } }],
    };
    return [finding];
  },
};

/** Generate's feedback. */
export const generateFeedback: readonly FeedbackSpec<GenerateConfig>[] = [intentThresholdProposer];
