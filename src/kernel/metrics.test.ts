import { describe, expect, it } from 'vitest';
import { baseMetrics, type DecisionFacts, type MetricSpec, observeMetrics } from './metrics.js';

function facts(overrides: Partial<DecisionFacts> = {}): DecisionFacts {
  return {
    loop: 'qualify',
    input: { employees: 120 },
    output: { grade: 'A', score: 87.5 },
    confidence: 0.9,
    effects: [],
    trace: [],
    latencyMs: 14,
    ...overrides,
  };
}

const grade = (d: DecisionFacts): string | undefined => {
  const out = d.output as { grade?: string } | null;
  return out?.grade;
};

const specs: MetricSpec[] = [
  { name: 'decisions', description: 'All.', kind: 'count', observe: () => true },
  { name: 'grade_a', description: 'Grade A.', kind: 'count', observe: (d) => grade(d) === 'A' },
  {
    name: 'score',
    description: 'Score.',
    kind: 'value',
    unit: 'points',
    observe: (d) => (d.output as { score?: number } | null)?.score,
  },
  { name: 'grade', description: 'Grade mix.', kind: 'mix', observe: grade },
];

describe('observeMetrics', () => {
  it('observes count, value and mix metrics in declaration order', () => {
    expect(observeMetrics(specs, facts())).toEqual([
      { metric: 'decisions', label: '', value: 1 },
      { metric: 'grade_a', label: '', value: 1 },
      { metric: 'score', label: '', value: 87.5 },
      { metric: 'grade', label: 'A', value: 1 },
    ]);
  });

  it('leaves out a count that is false, a value that is missing and a mix without a label', () => {
    expect(observeMetrics(specs, facts({ output: { note: 'no grade' } }))).toEqual([
      { metric: 'decisions', label: '', value: 1 },
    ]);
    expect(observeMetrics(specs, facts({ output: { grade: 'B', score: 0 } }))).toEqual([
      { metric: 'decisions', label: '', value: 1 },
      { metric: 'score', label: '', value: 0 },
      { metric: 'grade', label: 'B', value: 1 },
    ]);
  });

  it('splits a value by its label when the spec gives one', () => {
    const byGrade: MetricSpec = {
      name: 'score_by_grade',
      description: 'Score by grade.',
      kind: 'value',
      unit: 'points',
      observe: (d) => (d.output as { score?: number } | null)?.score,
      label: (d) => grade(d) ?? 'ungraded',
    };
    expect(observeMetrics([byGrade], facts())).toEqual([
      { metric: 'score_by_grade', label: 'A', value: 87.5 },
    ]);
    expect(observeMetrics([byGrade], facts({ output: { score: 3 } }))).toEqual([
      { metric: 'score_by_grade', label: 'ungraded', value: 3 },
    ]);
  });

  it('skips non-finite values and keeps negative ones', () => {
    for (const score of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const seen = observeMetrics(specs, facts({ output: { score } }));
      expect(seen.map((o) => o.metric)).toEqual(['decisions']);
    }
    expect(observeMetrics(specs, facts({ output: { score: -2.5 } }))).toContainEqual({
      metric: 'score',
      label: '',
      value: -2.5,
    });
  });

  it('keeps an empty-string mix label, which is a label and not a missing one', () => {
    const mix: MetricSpec[] = [{ name: 'queue', description: 'Queue.', kind: 'mix', observe: () => '' }];
    expect(observeMetrics(mix, facts())).toEqual([{ metric: 'queue', label: '', value: 1 }]);
  });

  it('observes nothing without metrics', () => {
    expect(observeMetrics([], facts())).toEqual([]);
  });
});

describe('baseMetrics', () => {
  it('counts decisions, measures latency and counts decisions sent to review', () => {
    expect(observeMetrics(baseMetrics, facts({ latencyMs: 14 }))).toEqual([
      { metric: 'decisions', label: '', value: 1 },
      { metric: 'latency_ms', label: '', value: 14 },
    ]);
    const reviewed = facts({
      latencyMs: 3.5,
      effects: [
        { kind: 'task', id: 'd.1', title: 'Call', assignee: 'u1' },
        { kind: 'review_item', id: 'd.2', queue: 'q', proposedAction: {}, reasoning: 'unsure' },
      ],
    });
    expect(observeMetrics(baseMetrics, reviewed)).toEqual([
      { metric: 'decisions', label: '', value: 1 },
      { metric: 'latency_ms', label: '', value: 3.5 },
      { metric: 'review_rate', label: '', value: 1 },
    ]);
  });
});
