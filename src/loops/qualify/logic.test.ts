import { describe, expect, it } from 'vitest';
import { QualifyConfig } from './config.js';
import {
  companyDomain,
  compileModel,
  gradeFor,
  type ScoreResult,
  scoreLead,
  scoringSubject,
} from './logic.js';
import { size, tech } from './test-factors.js';

const NOW = new Date('2026-11-24T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

function model(factors: unknown[], extra: Record<string, unknown> = {}) {
  return compileModel(QualifyConfig.parse({ factors, ...extra }));
}

function score(
  factors: unknown[],
  lead: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ScoreResult {
  const m = model(factors, extra);
  return scoreLead(m, scoringSubject({ id: 'l1', email: 'x@northwind.io', ...lead }, undefined).subject, NOW);
}

const part = (r: ScoreResult, name: string) => {
  const c = r.contributions.find((x) => x.factor === name);
  if (!c) throw new Error(`no contribution ${name}`);
  return c;
};

const sumOf = (r: ScoreResult) =>
  r.contributions.reduce((s, c) => s + c.points, 0) + r.caps.reduce((s, c) => s + c.adjustment, 0);

describe('factor caps and rounding', () => {
  it('a factor cap limits what a list can add, and says so', () => {
    const capped = score([{ ...tech, cap: 8 }], { technologies: ['salesforce', 'hubspot', 'gong'] });
    expect(part(capped, 'tech')).toMatchObject({
      points: 8,
      reason: 'salesforce (+4), hubspot (+4), gong (+3); capped at 8',
    });
  });

  it('rounds each contribution to whole points, so the total is exact', () => {
    const web = {
      name: 'web',
      group: 'engagement',
      field: 'activities',
      decay: { halfLifeDays: 14, activities: [{ type: 'page_view', points: 6 }] },
    };
    const r = score([web], {
      activities: [
        { type: 'page_view', at: daysAgo(1) },
        { type: 'page_view', at: daysAgo(3) },
      ],
    });
    expect(part(r, 'web').points).toBe(11);
    expect(r.score).toBe(11);
  });

  it('counts fit factors without a value, for the no-fit-data metric', () => {
    const r = score([size, { name: 'industry', group: 'fit', field: 'industry', values: { software: 12 } }], {
      industry: '',
    });
    expect(part(r, 'industry')).toMatchObject({ points: 0, reason: 'no value', value: null });
    expect(r.fitCoverage).toEqual({ known: 0, total: 2 });
  });
});

describe('caps, floor and grades', () => {
  const big = (name: string, group: string, points: number) => ({
    name,
    group,
    field: 'employees',
    bands: [{ points }],
  });

  it('caps each group and traces the adjustment', () => {
    const r = score(
      [big('a', 'fit', 50), big('b', 'fit', 30), big('c', 'engagement', 10)],
      { employees: 1 },
      { groups: { fit: { cap: 60 } } },
    );
    expect(r.groups).toEqual({ fit: 60, engagement: 10, negative: 0 });
    expect(r.caps).toEqual([
      {
        scope: 'fit',
        limit: 60,
        before: 80,
        after: 60,
        adjustment: -20,
        reason: 'fit points 80 capped at 60',
      },
    ]);
    expect(r.score).toBe(70);
  });

  it('limits the negative group, then caps the total and applies the floor', () => {
    const over = score([big('a', 'fit', 60), big('b', 'engagement', 60)], { employees: 1 });
    expect(over.score).toBe(100);
    expect(over.caps.at(-1)).toMatchObject({ scope: 'total', before: 120, after: 100, adjustment: -20 });
    const under = score(
      [big('a', 'fit', 10), big('n', 'negative', -80), big('m', 'negative', -40)],
      { employees: 1 },
      { groups: { negative: { cap: 60 } } },
    );
    expect(under.groups.negative).toBe(-60);
    expect(under.score).toBe(0);
    expect(under.caps.map((c) => [c.scope, c.adjustment])).toEqual([
      ['negative', 60],
      ['total', 50],
    ]);
  });

  it('the total equals the sum of traced contributions plus cap adjustments', () => {
    const factors = [
      big('a', 'fit', 45),
      big('b', 'fit', 30),
      big('c', 'engagement', 70),
      big('n', 'negative', -15),
    ];
    for (const extra of [{}, { total: { cap: 90, floor: 5 } }, { groups: { negative: { cap: 5 } } }]) {
      const r = score(factors, { employees: 1 }, extra);
      expect(sumOf(r)).toBe(r.score);
    }
  });

  it('grades by ordered thresholds, with an optional minimum fit', () => {
    const grades = QualifyConfig.parse({
      factors: [size],
      grades: {
        thresholds: [
          { grade: 'A', min: 80, minFit: 40 },
          { grade: 'B', min: 60 },
          { grade: 'C', min: 40 },
        ],
      },
    }).grades;
    expect(gradeFor(grades, 80, 40).grade).toBe('A');
    expect(gradeFor(grades, 79, 60).grade).toBe('B');
    expect(gradeFor(grades, 39, 30).grade).toBe('D');
    const lowFit = gradeFor(grades, 95, 20);
    expect(lowFit.grade).toBe('B');
    expect(lowFit.checks).toEqual([
      { grade: 'A', matched: false, reason: 'score 95 ≥ 80 and fit 20 < 40' },
      { grade: 'B', matched: true, reason: 'score 95 ≥ 60' },
    ]);
    expect(gradeFor(QualifyConfig.parse({ factors: [size] }).grades, 40, 0).grade).toBe('C');
  });
});

describe('email domains, subject and reasons', () => {
  it('scores a free email domain as a negative factor of the lead', () => {
    const r = score([size], { email: 'sam@GMail.com', employees: 100 }, { freeEmail: { points: -20 } });
    expect(part(r, 'free-email')).toMatchObject({ group: 'negative', points: -20, value: 'gmail.com' });
    expect(r.groups.negative).toBe(-20);
  });

  it('fills gaps from the stored record (the event wins) and derives emailDomain', () => {
    const { subject, filled } = scoringSubject(
      { id: 'l1', email: 'a@b.io', title: 'VP', employees: null },
      { title: 'CEO', employees: 300, score: 5 },
    );
    expect(subject).toMatchObject({ title: 'VP', employees: 300, emailDomain: 'b.io' });
    expect(filled).toEqual(['employees', 'score']);
  });

  it('hands on the company domain, never a free provider', () => {
    const m = model([size]);
    expect(companyDomain(m, { email: 'a@northwind.io' })).toBe('northwind.io');
    expect(companyDomain(m, { email: 'a@gmail.com' })).toBeUndefined();
    expect(companyDomain(m, { email: 'a@gmail.com', domain: 'Patel.dev' })).toBe('patel.dev');
  });

  it('top reasons: the three largest positives and the largest negative, in plain words', () => {
    const f = (name: string, group: string, points: number) => ({
      name,
      label: name.toUpperCase(),
      group,
      field: 'employees',
      bands: [{ points }],
    });
    const r = score(
      [
        f('a', 'fit', 5),
        f('b', 'fit', 20),
        f('c', 'engagement', 12),
        f('d', 'engagement', 9),
        f('n', 'negative', -4),
        f('m', 'negative', -9),
      ],
      {
        employees: 7,
        email: 'x@gmail.com',
      },
    );
    expect(r.topReasons).toEqual([
      'B: 7 is in the band for any value (+20)',
      'C: 7 is in the band for any value (+12)',
      'D: 7 is in the band for any value (+9)',
      'Free email: gmail.com is a free email provider (-15)',
    ]);
  });
});
