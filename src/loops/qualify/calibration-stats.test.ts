import { describe, expect, it } from 'vitest';
import { auc, aucFromCounts, seededSplit } from '../../stats/auc.js';
import { gradeTable, mixShift } from './calibration-stats.js';

describe('auc (rank statistic)', () => {
  it('counts a tie between a positive and a negative as one half', () => {
    // Pairs (positive, negative): 2>1, 2=2 (½), 3>1, 3>2: 3.5 of 4.
    expect(auc([1, 2, 2, 3], [false, true, false, true])).toBe(0.875);
    expect(auc([5, 5, 5, 5], [true, false, true, false])).toBe(0.5);
  });

  it('is 1 for a perfect ranking, 0 for a reversed one, and null with one class', () => {
    expect(auc([1, 2, 3, 4], [false, false, true, true])).toBe(1);
    expect(auc([4, 3, 2, 1], [false, false, true, true])).toBe(0);
    expect(auc([1, 2], [true, true])).toBeNull();
  });

  it('agrees with the AUC from score histograms', () => {
    const scores = [10, 20, 20, 30, 30, 30, 40, 50, 50, 60];
    const labels = [false, false, true, false, true, true, false, true, false, true];
    const count = (want: boolean) => {
      const m = new Map<number, number>();
      scores.forEach((s, i) => {
        if (labels[i] === want) m.set(s, (m.get(s) ?? 0) + 1);
      });
      return m;
    };
    expect(aucFromCounts(count(true), count(false))).toBeCloseTo(auc(scores, labels) ?? -1, 12);
  });
});

describe('grade table and mix shift', () => {
  it('gives each grade its share, outcome rate and lift over the average', () => {
    const grades = ['A', 'A', 'B', 'B', 'B', 'D', 'D', 'D', 'D', 'D'];
    const labels = [true, true, true, false, false, false, false, false, false, true];
    expect(gradeTable(['A', 'B', 'C', 'D'], grades, labels)).toEqual([
      { grade: 'A', leads: 2, share: 0.2, positives: 2, rate: 1, lift: 2.5 },
      { grade: 'B', leads: 3, share: 0.3, positives: 1, rate: 0.3333, lift: 0.833 },
      { grade: 'C', leads: 0, share: 0, positives: 0, rate: null, lift: null },
      { grade: 'D', leads: 5, share: 0.5, positives: 1, rate: 0.2, lift: 0.5 },
    ]);
  });

  it('measures how far two grade mixes are apart (total variation)', () => {
    expect(mixShift({ A: 0.2, B: 0.8 }, { A: 0.2, B: 0.8 })).toBe(0);
    expect(mixShift({ A: 0.5, B: 0.5 }, { A: 0.2, B: 0.6, C: 0.2 })).toBe(0.3);
  });
});

describe('seeded split', () => {
  const labels = Array.from({ length: 200 }, (_, i) => i % 10 === 0);

  it('holds back the same rows for the same seed, and keeps the outcome rate in both parts', () => {
    const a = seededSplit(labels, 0.3, 7);
    expect(seededSplit(labels, 0.3, 7)).toEqual(a);
    expect(seededSplit(labels, 0.3, 8).test).not.toEqual(a.test);
    expect(a.test).toHaveLength(60);
    expect(a.test.filter((i) => labels[i])).toHaveLength(6);
    expect(new Set([...a.train, ...a.test]).size).toBe(200);
  });
});
