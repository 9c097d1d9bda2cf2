import type { FeedbackSpec, Finding, MetricSummary } from '../../../kernel/index.js';
import type { DiscoveryConfig } from './config.js';

function gapFindings(metrics: readonly MetricSummary[], c: DiscoveryConfig): Finding[] {
  const gaps = metrics.filter((m) => m.metric === 'discovery_first_gap');
  const decisions = metrics
    .filter((m) => m.metric === 'discovery_outcome' && m.label !== 'skipped')
    .reduce((s, m) => s + m.count, 0);
  if (decisions < c.monitor.minDecisions) return [];
  return gaps
    .filter((g) => g.count / decisions >= c.monitor.gapShare)
    .map((g) => ({
      feedback: 'discovery-gaps',
      severity: 'warning' as const,
      message:
        `${g.label} is the first dimension without evidence in ${g.count} of ${decisions} discovery calls ` +
        `(${Math.round((g.count / decisions) * 100)}% >= ${Math.round(c.monitor.gapShare * 100)}%): ` +
        'coach reps to ask about it, or check that its evidence cues match how reps write notes',
      evidence: { dimension: g.label, calls: decisions, withoutEvidence: g.count, framework: c.framework },
    }));
}

/**
 * The discovery monitor (level 2): alerts when one dimension is left without evidence in a large
 * share of discovery calls. `pick` finds the discovery block in the loop's config.
 */
export function discoveryFeedback<C>(pick: (config: C) => DiscoveryConfig): FeedbackSpec<C> {
  return {
    name: 'discovery-gaps',
    description: 'Alerts when a qualification dimension is often left without evidence.',
    level: 2,
    reads: ['discovery_first_gap', 'discovery_outcome'],
    evaluate: (metrics, config) => gapFindings(metrics, pick(config)),
  };
}
