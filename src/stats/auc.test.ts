import { describe, expect, it } from 'vitest';
import { auc, seededSplit } from './auc.js';

describe('auc', () => {
  it('is 1 for a perfect ranking, 0.5 for ties, and null with one class', () => {
    expect(auc([0.9, 0.8, 0.2, 0.1], [true, true, false, false])).toBe(1);
    expect(auc([0.5, 0.5, 0.5, 0.5], [true, false, true, false])).toBe(0.5);
    expect(auc([0.1, 0.2], [true, true])).toBeNull();
  });
});

describe('seededSplit', () => {
  it('splits each class by the holdout share, the same way for the same seed, at any size', () => {
    // 400,000 labels: more indices than one call's arguments can hold.
    const labels = Array.from({ length: 400_000 }, (_, i) => i % 4 === 0);
    const a = seededSplit(labels, 0.25, 7);
    const b = seededSplit(labels, 0.25, 7);
    expect(a.test.length + a.train.length).toBe(labels.length);
    expect(a.test.filter((i) => labels[i]).length).toBe(25_000);
    expect(a.test.length).toBe(100_000);
    expect(new Set([...a.test, ...a.train]).size).toBe(labels.length);
    expect(b).toEqual(a);
  });
});
