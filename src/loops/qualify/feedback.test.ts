import { describe, expect, it } from 'vitest';
import type { MetricSummary } from '../../kernel/index.js';
import { QualifyConfig } from './config.js';
import { gradeDriftMonitor, raiseAThresholdProposer } from './feedback.js';
import { gradeLiftMonitor } from './feedback-lift.js';

const factor = { name: 'size', group: 'fit', field: 'employees', bands: [{ min: 1, points: 10 }] };
const config = (extra: Record<string, unknown> = {}) => QualifyConfig.parse({ factors: [factor], ...extra });

function window(grades: Record<string, number>, histogram: Record<number, number> = {}): MetricSummary[] {
  const row = (metric: string, label: string, count: number) => ({
    metric,
    label,
    count,
    sum: count,
    min: 1,
    max: 1,
  });
  return [
    ...Object.entries(grades).map(([label, n]) => row('grade', label, n)),
    ...Object.entries(histogram).map(([label, n]) => row('score_histogram', label, n)),
  ];
}

describe('grade drift monitor', () => {
  it('warns when the share of A grades rises above the band', () => {
    const findings = gradeDriftMonitor.evaluate(window({ A: 40, B: 30, C: 20, D: 10 }), config());
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      feedback: 'grade-drift',
      severity: 'warning',
      evidence: { grade: 'A', count: 40, total: 100, share: 0.4, band: { min: 0.05, max: 0.3 } },
    });
    expect(findings[0]?.message).toMatch(/^40% of 100 leads were graded A, above the 30% limit/);
  });

  it('warns when it falls below the band, and stays quiet inside it', () => {
    expect(gradeDriftMonitor.evaluate(window({ A: 2, B: 30, C: 30, D: 38 }), config())[0]?.message).toMatch(
      /below the 5% floor/,
    );
    expect(gradeDriftMonitor.evaluate(window({ A: 15, B: 30, C: 30, D: 25 }), config())).toEqual([]);
  });

  it('waits for enough decisions, follows the config band and can be turned off', () => {
    expect(gradeDriftMonitor.evaluate(window({ A: 20, D: 9 }), config())).toEqual([]);
    const wide = config({ monitors: { gradeDrift: { maxShareA: 0.5 } } });
    expect(gradeDriftMonitor.evaluate(window({ A: 40, D: 60 }), wide)).toEqual([]);
    const off = config({ monitors: { gradeDrift: { enabled: false } } });
    expect(gradeDriftMonitor.evaluate(window({ A: 90, D: 10 }), off)).toEqual([]);
  });

  it('watches the top grade by whatever name the config gives it', () => {
    const named = config({
      grades: {
        thresholds: [
          { grade: 'Hot', min: 75 },
          { grade: 'Warm', min: 50 },
        ],
        otherwise: 'Cold',
      },
    });
    expect(
      gradeDriftMonitor.evaluate(window({ Hot: 60, Warm: 20, Cold: 20 }), named)[0]?.evidence,
    ).toMatchObject({ grade: 'Hot', share: 0.6 });
  });
});

describe('A threshold proposer', () => {
  // 100 leads, 45 of them at 80 or more: 45% are A, above the 35% trigger.
  const histogram = { 95: 10, 90: 10, 85: 10, 80: 15, 70: 20, 50: 35 };
  const grades = { A: 45, B: 20, C: 35 };

  it('proposes raising the A threshold to the score at the target share, as a patch with evidence', () => {
    const findings = raiseAThresholdProposer.evaluate(window(grades, histogram), config());
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.patch).toEqual([{ path: 'grades.thresholds.0.min', from: 80, to: 90 }]);
    expect(f?.evidence).toMatchObject({
      scored: 100,
      count: 45,
      share: 0.45,
      currentMin: 80,
      proposedMin: 90,
      projectedCount: 20,
      projectedShare: 0.2,
    });
    expect(f?.message).toBe(
      'Raise the A threshold from 80 to 90: 45% of 100 scored leads were A (limit 35%); at 90, 20% would be (target 20%)',
    );
  });

  it('keeps the share at or under the target when ties straddle it', () => {
    const f = raiseAThresholdProposer.evaluate(
      window(grades, histogram),
      config({ proposals: { raiseAThreshold: { targetShareA: 0.25 } } }),
    );
    expect(f[0]?.patch?.[0]?.to).toBe(90);
  });

  it('proposes nothing below the trigger, with too few leads, or when disabled', () => {
    expect(raiseAThresholdProposer.evaluate(window({ A: 30, B: 70 }, { 85: 30, 60: 70 }), config())).toEqual(
      [],
    );
    expect(raiseAThresholdProposer.evaluate(window({ A: 45, B: 5 }, { 90: 45, 60: 5 }), config())).toEqual(
      [],
    );
    const off = config({ proposals: { raiseAThreshold: { enabled: false } } });
    expect(raiseAThresholdProposer.evaluate(window(grades, histogram), off)).toEqual([]);
  });

  it('never proposes a threshold at or below the current one', () => {
    const high = config({
      grades: {
        thresholds: [
          { grade: 'A', min: 95 },
          { grade: 'B', min: 60 },
        ],
      },
    });
    expect(raiseAThresholdProposer.evaluate(window(grades, histogram), high)).toEqual([]);
  });
});

describe('feedback config', () => {
  it('rejects a band or target that cannot hold', () => {
    expect(
      QualifyConfig.safeParse({
        factors: [factor],
        monitors: { gradeDrift: { minShareA: 0.5, maxShareA: 0.2 } },
      }).success,
    ).toBe(false);
    expect(
      QualifyConfig.safeParse({
        factors: [factor],
        proposals: { raiseAThreshold: { targetShareA: 0.5, whenShareAAbove: 0.4 } },
      }).success,
    ).toBe(false);
  });
});

const getPathAuc = (evidence: unknown) =>
  (evidence ?? { auc: { conversion: Number.NaN, win: Number.NaN } }) as {
    auc: { conversion: number; win: number };
  };

describe('grade lift monitor (conversion by grade, from outcome events)', () => {
  const row = (metric: string, label: string, count: number) => ({
    metric,
    label,
    count,
    sum: count,
    min: 1,
    max: 1,
  });
  const lift = (converted: Record<string, number>, wins: Record<string, number> = {}): MetricSummary[] => [
    ...window({ A: 100, B: 200, C: 300, D: 400 }, { 90: 100, 70: 200, 50: 300, 20: 400 }),
    ...Object.entries(converted).map(([g, n]) => row('outcome', `${g}:converted`, n)),
    ...Object.entries(converted).map(([g, n]) =>
      row('outcome_score', `converted:${{ A: 90, B: 70, C: 50, D: 20 }[g]}`, n),
    ),
    ...Object.entries(wins).map(([label, n]) => row('outcome_score', label, n)),
  ];

  it('stays quiet while grades rank conversion well', () => {
    expect(gradeLiftMonitor.evaluate(lift({ A: 30, B: 30, C: 15, D: 5 }), config())).toEqual([]);
  });

  it('warns when the top grade converts barely above average, or a lower grade converts more', () => {
    const [finding] = gradeLiftMonitor.evaluate(
      lift({ A: 10, B: 40, C: 15, D: 5 }, { 'won:90': 2, 'lost:90': 6, 'won:70': 8, 'lost:70': 4 }),
      config(),
    );
    expect(finding?.message).toMatch(
      /^Grades no longer rank conversion: A leads converted at 1\.429× the average/,
    );
    expect(finding?.message).toContain('B converted more often (20%) than A (10%)');
    expect(finding?.evidence).toMatchObject({
      scored: 1000,
      converted: 70,
      byGrade: [
        { grade: 'A', leads: 100, converted: 10, rate: 0.1, lift: 1.429 },
        { grade: 'B', leads: 200, converted: 40, rate: 0.2, lift: 2.857 },
        { grade: 'C', leads: 300, converted: 15 },
        { grade: 'D', leads: 400, converted: 5 },
      ],
    });
    const { auc } = getPathAuc(finding?.evidence);
    expect(auc.conversion).toBeGreaterThan(0.5);
    // Won opportunities scored lower than lost ones: the score ranks wins worse than a coin toss.
    expect(auc.win).toBeLessThan(0.5);
  });

  it('needs enough outcomes to judge', () => {
    expect(gradeLiftMonitor.evaluate(lift({ A: 1, B: 10 }), config())).toEqual([]);
  });
});
