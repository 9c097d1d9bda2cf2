import { describe, expect, it } from 'vitest';
import { CoachConfig } from './config.js';
import { outcomeOf } from './facts.js';
import { checkPatterns, compileCoach, nest, patternSubject, ratio, weakAt } from './logic.js';
import type { MetricSet } from './rep-metrics.js';

const set = (values: Record<string, number | null>): MetricSet => ({
  values,
  samples: Object.fromEntries(Object.keys(values).map((k) => [k, 4])),
});

describe('pattern subjects', () => {
  it('nests metric paths and leaves missing values out, so they match no comparison', () => {
    expect(nest({ winRate: 0.2, 'shapes.enterprise.winRate': 0.1, cycleDays: null })).toEqual({
      winRate: 0.2,
      shapes: { enterprise: { winRate: 0.1 } },
    });
  });

  it('ratios against the team and the trailing average; none for a missing or zero base', () => {
    expect(ratio(0.25, 0.625)).toBe(0.4);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 2)).toBeNull();
    const s = patternSubject(set({ winRate: 0.25 }), set({ winRate: 0.5 }), set({ winRate: null }));
    expect(s).toEqual({
      metrics: { winRate: 0.25 },
      team: { winRate: 0.5 },
      trailing: {},
      vsTeam: { winRate: 0.5 },
      vsTrailing: {},
    });
  });

  it('a CEL pattern compares the rep with the team', () => {
    const config = CoachConfig.parse({
      patterns: [
        {
          name: 'behind',
          when: { cel: 'metrics.winRate < team.winRate * 0.7' },
          evidence: ['winRate'],
          task: 'x',
        },
      ],
    });
    const compiled = compileCoach(config);
    const check = (rep: number) =>
      checkPatterns(
        compiled,
        { rep: set({ winRate: rep }), team: set({ winRate: 0.6 }), trailing: set({}) },
        new Set(),
      ).found.length;
    expect(check(0.3)).toBe(1);
    expect(check(0.5)).toBe(0);
  });

  it('checks patterns (structured and CEL) with the metrics as evidence, new unless raised before', () => {
    const config = CoachConfig.parse({
      patterns: [
        {
          name: 'closes-poorly',
          when: {
            all: [
              { field: 'metrics.discoveryCoverage', op: 'gte', value: 0.7 },
              { field: 'vsTeam.winRate', op: 'lte', value: 0.7 },
            ],
          },
          evidence: ['discoveryCoverage', 'winRate'],
          task: 'review lost deals',
        },
        {
          name: 'slow',
          when: { cel: 'metrics.responseHours > 24.0' },
          evidence: ['responseHours'],
          task: 'x',
        },
      ],
    });
    const sets = {
      rep: set({ discoveryCoverage: 0.9, winRate: 0.25, responseHours: null }),
      team: set({ discoveryCoverage: 0.6, winRate: 0.625, responseHours: 2 }),
      trailing: set({ discoveryCoverage: null, winRate: null, responseHours: null }),
    };
    const { found, missed } = checkPatterns(compileCoach(config), sets, new Set(['closes-poorly']));
    expect(found).toEqual([
      expect.objectContaining({
        name: 'closes-poorly',
        isNew: false,
        evidence: [
          { metric: 'discoveryCoverage', rep: 0.9, team: 0.6, trailing: null, samples: 4 },
          { metric: 'winRate', rep: 0.25, team: 0.625, trailing: null, samples: 4 },
        ],
      }),
    ]);
    expect(missed.map((m) => m.name)).toEqual(['slow']);
  });
});

describe('skills and outcomes', () => {
  it('weak below or above the threshold', () => {
    expect(weakAt({ name: 'd', metric: 'discoveryCoverage', weakBelow: 0.5 }, 0.4)).toBe(true);
    expect(weakAt({ name: 'd', metric: 'discoveryCoverage', weakBelow: 0.5 }, 0.5)).toBe(false);
    expect(weakAt({ name: 'm', metric: 'singleThreadedShare', weakAbove: 0.5 }, 0.6)).toBe(true);
  });

  it('reads won and lost from outcome, status or stage', () => {
    const words = CoachConfig.parse({}).outcomes;
    expect(outcomeOf({ stage: 'Closed Won' }, words)).toBe('won');
    expect(outcomeOf({ status: 'lost', stage: 'Proposal' }, words)).toBe('lost');
    expect(outcomeOf({ stage: 'Proposal', status: 'open' }, words)).toBe('open');
  });
});
