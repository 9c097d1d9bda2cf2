import { describe, expect, it } from 'vitest';
import { QualifyConfig } from './config.js';
import { Factor } from './factor-config.js';
import { compileFactor, domainFactors } from './factors.js';
import { size, tech } from './test-factors.js';

const NOW_MS = Date.parse('2026-11-24T12:00:00Z');
const DAY_MS = 86_400_000;
const daysAgo = (d: number) => new Date(NOW_MS - d * DAY_MS).toISOString();

/** Evaluates one factor, before its cap and rounding (logic.ts applies those). */
const evaluate = (factor: unknown, lead: Record<string, unknown>, nowMs = NOW_MS) =>
  compileFactor(Factor.parse(factor)).evaluate(lead, nowMs);

describe('bands', () => {
  it('the first band holding the value scores; bounds are inclusive', () => {
    expect(evaluate(size, { employees: 450 })).toEqual({
      value: 450,
      points: 16,
      reason: '450 is in 200–999',
      known: true,
    });
    expect(evaluate(size, { employees: 200 }).points).toBe(16);
    expect(evaluate(size, { employees: 199 }).points).toBe(10);
    expect(evaluate(size, { employees: 5000 })).toMatchObject({
      points: 8,
      reason: '5000 is in 1000 or more',
    });
    expect(evaluate(size, { employees: '75' }).points).toBe(10);
  });

  it('a value in no band, or not a number, scores 0 and says why', () => {
    const gap = { ...size, bands: [{ min: 10, max: 20, points: 5 }] };
    expect(evaluate(gap, { employees: 3 })).toMatchObject({ points: 0, reason: '3 is in no band' });
    expect(evaluate(size, { employees: 'many' })).toMatchObject({
      points: 0,
      reason: "'many' is not a number",
    });
  });
});

describe('values', () => {
  const industry = {
    name: 'industry',
    group: 'fit',
    field: 'industry',
    values: { Software: 12, fintech: 10 },
  };

  it('maps a value to points without regard to case', () => {
    expect(evaluate(industry, { industry: 'SOFTWARE' })).toMatchObject({
      points: 12,
      reason: "'SOFTWARE' is listed",
    });
    expect(evaluate(industry, { industry: 'retail' })).toMatchObject({
      points: 0,
      reason: "'retail' is not listed",
    });
  });

  it('a list scores each member and names what counted', () => {
    expect(evaluate(tech, { technologies: ['Salesforce', 'gong', 'notion'] })).toMatchObject({
      points: 7,
      value: ['Salesforce', 'gong', 'notion'],
      reason: 'Salesforce (+4), gong (+3); 1 not listed',
    });
    expect(evaluate(tech, { technologies: ['notion', 'jira'] })).toMatchObject({
      points: 0,
      reason: 'none of notion, jira is listed',
    });
  });
});

describe('condition', () => {
  const student = {
    name: 'student',
    group: 'negative',
    field: 'title',
    points: -30,
    condition: {
      any: [
        { field: 'title', op: 'contains', value: 'student' },
        { field: 'emailDomain', op: 'ends_with', value: '.edu' },
      ],
    },
  };

  it('gives its points when the structured condition matches, with the condition reason', () => {
    expect(evaluate(student, { emailDomain: 'mit.edu', title: 'Researcher' })).toEqual({
      value: 'Researcher',
      points: -30,
      reason: "emailDomain is 'mit.edu' (expected to end with '.edu')",
      known: true,
    });
    expect(evaluate(student, { emailDomain: 'acme.com', title: 'VP Sales' }).points).toBe(0);
  });

  it('without a field, the traced value is whether it matched', () => {
    const { field: _f, ...noField } = student;
    expect(evaluate(noField, { title: 'PhD student' })).toMatchObject({
      value: true,
      points: -30,
      known: true,
    });
  });
});

describe('curve', () => {
  const curve = {
    name: 'reps',
    group: 'fit',
    field: 'salesReps',
    curve: [
      { x: 0, points: 0 },
      { x: 10, points: 10 },
      { x: 50, points: 20 },
    ],
  };

  it('interpolates linearly between points and holds the end values outside', () => {
    expect(evaluate(curve, { salesReps: 30 })).toMatchObject({
      points: 15,
      reason: '30 lies between 10 (10) and 50 (20)',
    });
    expect(evaluate(curve, { salesReps: 5 }).points).toBe(5);
    expect(evaluate(curve, { salesReps: 500 })).toMatchObject({
      points: 20,
      reason: '500 is at or above 50',
    });
    expect(evaluate(curve, { salesReps: -3 })).toMatchObject({ points: 0, reason: '-3 is at or below 0' });
  });
});

describe('keywords', () => {
  const seniority = {
    name: 'seniority',
    group: 'fit',
    field: 'title',
    keywords: [
      { match: ['vp', 'vice president', 'head of'], points: 14 },
      { match: ['director'], points: 10 },
      { match: ['manager'], points: 6 },
    ],
  };
  const s = (title: string) => evaluate(seniority, { title });

  it('matches whole words and phrases, ignoring case and punctuation; the first rule wins', () => {
    expect(s('Vice-President, Sales')).toMatchObject({
      points: 14,
      reason: "'Vice-President, Sales' matches 'vice president'",
    });
    expect(s('Director of Sales Managers').points).toBe(10);
    expect(s('MVP Program Manager').points).toBe(6);
    expect(s('Engineer')).toMatchObject({ points: 0, reason: "'Engineer' matches no keyword" });
  });
});

describe('decay', () => {
  const web = {
    name: 'web',
    group: 'engagement',
    field: 'activities',
    decay: {
      halfLifeDays: 10,
      activities: [
        { type: 'page_view', detail: '/pricing', points: 8 },
        { type: 'page_view', points: 1 },
      ],
    },
  };
  const activities = [
    { type: 'page_view', at: daysAgo(0), detail: '/pricing' },
    { type: 'page_view', at: daysAgo(10), detail: '/Pricing?plan=team' },
    { type: 'page_view', at: daysAgo(20), detail: '/pricing' },
    { type: 'page_view', at: daysAgo(0), detail: '/blog' },
    { type: 'form', at: daysAgo(0), detail: 'demo-request' },
  ];

  it('scores each activity by its age against the clock; the same action again scores again', () => {
    const r = evaluate(web, { activities });
    // 8 + 4 + 2 + 1: the pricing page three times counts three times, halving every 10 days.
    expect(r.points).toBe(15);
    expect(r.reason).toBe('4 scored (page_view ×4), newest less than a day ago, half-life 10 days');
    expect(r.value).toEqual([
      { type: 'page_view', detail: '/pricing', ageDays: 0, points: 8 },
      { type: 'page_view', detail: '/Pricing?plan=team', ageDays: 10, points: 4 },
      { type: 'page_view', detail: '/pricing', ageDays: 20, points: 2 },
      { type: 'page_view', detail: '/blog', ageDays: 0, points: 1 },
    ]);
  });

  it('ages with the clock it is given, and counts a future activity as new', () => {
    expect(evaluate(web, { activities }, NOW_MS + 10 * DAY_MS).points).toBe(7.5);
    expect(
      evaluate(web, { activities: [{ type: 'page_view', at: daysAgo(-2), detail: '/pricing' }] }).points,
    ).toBe(8);
  });

  it('ignores activity types it has no rule for', () => {
    expect(evaluate(web, { activities: [activities[4]] })).toMatchObject({
      points: 0,
      reason: 'none of 1 activities is scored',
    });
  });
});

describe('missing values and domain checks', () => {
  it('a missing value scores 0 with the reason "no value"', () => {
    for (const employees of [undefined, null, '', []]) {
      expect(evaluate(size, { employees })).toEqual({
        value: null,
        points: 0,
        reason: 'no value',
        known: false,
      });
    }
  });

  it('free email and competitor checks come from config, subdomains included', () => {
    const config = QualifyConfig.parse({
      factors: [size],
      freeEmail: { points: -20 },
      competitors: { domains: ['rival.io'] },
    });
    const [free, rival] = domainFactors(config);
    expect(free?.evaluate({ emailDomain: 'gmail.com' }, NOW_MS)).toEqual({
      value: 'gmail.com',
      points: -20,
      reason: 'gmail.com is a free email provider',
      known: true,
    });
    expect(free?.evaluate({ emailDomain: 'northwind.io' }, NOW_MS).points).toBe(0);
    expect(rival?.evaluate({ emailDomain: 'eu.rival.io', domain: 'rival.io' }, NOW_MS)).toMatchObject({
      value: ['eu.rival.io', 'rival.io'],
      points: -50,
      reason: 'eu.rival.io is a competitor domain',
    });
    expect(rival?.evaluate({}, NOW_MS)).toMatchObject({ points: 0, reason: 'no value', known: false });
  });
});
