import { describe, expect, it } from 'vitest';
import type { DecisionFacts, MetricSpec } from '../kernel/index.js';
import { MetricTally } from './metric-rollup.js';

const outcome = (d: DecisionFacts) => (d.output as { outcome?: string }).outcome;
const deal = (d: DecisionFacts) => (d.output as { deal?: string }).deal;

const specs: MetricSpec[] = [
  { name: 'decisions', description: 'All.', kind: 'count', observe: () => true },
  { name: 'closed', description: 'Outcome per deal.', kind: 'mix', once: deal, observe: outcome },
  {
    name: 'days',
    description: 'Days per deal.',
    kind: 'value',
    unit: 'days',
    once: deal,
    observe: (d) => (d.output as { days?: number }).days,
  },
];

function decision(id: string, now: string, output: Record<string, string | number>): DecisionFacts {
  return { id, now, loop: 'l', input: {}, output, confidence: 1, effects: [], trace: [], latencyMs: 1 };
}

describe('MetricTally', () => {
  it('counts a metric with `once` once per key, from the latest decision by instant, then id', () => {
    const tally = new MetricTally(specs);
    // Passes as of later dates were run first: the latest instant wins, not the last one added.
    tally.add(decision('d3', '2025-03-20T00:00:00.000Z', { deal: 'a', outcome: 'won', days: 30 }));
    tally.add(decision('d1', '2025-03-03T00:00:00.000Z', { deal: 'a', outcome: 'lost', days: 10 }));
    tally.add(decision('d2', '2025-03-03T00:00:00.000Z', { deal: 'b', outcome: 'lost', days: 4 }));
    tally.add(decision('d4', '2025-03-03T00:00:00.000Z', { deal: 'b', outcome: 'won', days: 5 }));
    // A decision the metric does not observe (no outcome) never replaces one it does.
    tally.add(decision('d5', '2025-04-01T00:00:00.000Z', { deal: 'b' }));
    expect(tally.decisions).toBe(5);
    expect(tally.summaries()).toEqual([
      { metric: 'closed', label: 'won', count: 2, sum: 2, min: 1, max: 1 },
      { metric: 'days', label: '', count: 2, sum: 35, min: 5, max: 30 },
      { metric: 'decisions', label: '', count: 5, sum: 5, min: 1, max: 1 },
    ]);
  });

  it('counts every decision of a metric without `once`, and leaves out a decision without a key', () => {
    const tally = new MetricTally(specs);
    tally.add(decision('d1', '2025-03-03T00:00:00.000Z', { outcome: 'won' }));
    tally.add(decision('d2', '2025-03-03T00:00:00.000Z', { outcome: 'won' }));
    expect(tally.summaries()).toEqual([{ metric: 'decisions', label: '', count: 2, sum: 2, min: 1, max: 1 }]);
  });
});
