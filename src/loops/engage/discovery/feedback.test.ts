import { describe, expect, it } from 'vitest';
import { observeMetrics } from '../../../kernel/index.js';
import { DiscoveryConfig } from './config.js';
import { discoveryFeedback } from './feedback.js';
import { discoveryMetrics } from './metrics.js';

const decision = (outcome: string, statuses: [string, string][]) => ({
  loop: 'engage',
  input: {},
  output: {
    kind: 'discovery',
    outcome,
    coverage: { share: statuses.filter(([, s]) => s === 'evidenced').length / statuses.length },
    dimensions: statuses.map(([key, status]) => ({ key, status })),
  },
  confidence: 0.8,
  effects: [],
  trace: [],
  latencyMs: 3,
});

describe('discovery metrics and the gap monitor', () => {
  it('measures outcome, coverage and the first dimension without evidence', () => {
    const obs = observeMetrics(
      discoveryMetrics,
      decision('nurture', [
        ['budget', 'evidenced'],
        ['authority', 'contradicted'],
        ['need', 'missing'],
        ['timeline', 'evidenced'],
      ]),
    );
    expect(obs).toEqual([
      { metric: 'discovery_outcome', label: 'nurture', value: 1 },
      { metric: 'discovery_coverage', label: '', value: 0.5 },
      { metric: 'discovery_first_gap', label: 'authority', value: 1 },
    ]);
    expect(observeMetrics(discoveryMetrics, { ...decision('sqo', []), output: { kind: 'drafted' } })).toEqual(
      [],
    );
  });

  it('alerts when one dimension is the first gap in at least gapShare of enough calls', () => {
    const monitor = discoveryFeedback<{ discovery: DiscoveryConfig }>((c) => c.discovery);
    const config = { discovery: DiscoveryConfig.parse({ monitor: { minDecisions: 10, gapShare: 0.5 } }) };
    const summary = (metric: string, label: string, count: number) => ({
      metric,
      label,
      count,
      sum: count,
      min: 1,
      max: 1,
    });
    const metrics = [
      summary('discovery_outcome', 'sqo', 4),
      summary('discovery_outcome', 'nurture', 8),
      summary('discovery_outcome', 'skipped', 30),
      summary('discovery_first_gap', 'authority', 7),
      summary('discovery_first_gap', 'budget', 3),
    ];
    const [finding, ...rest] = monitor.evaluate(metrics, config);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      feedback: 'discovery-gaps',
      severity: 'warning',
      evidence: { dimension: 'authority', calls: 12, withoutEvidence: 7, framework: 'bant' },
    });
    expect(finding?.message).toMatch(
      /^authority is the first dimension without evidence in 7 of 12 discovery calls \(58% >= 50%\)/,
    );
    expect(monitor.evaluate(metrics.slice(0, 1), config)).toEqual([]);
  });
});
