import { describe, expect, it } from 'vitest';
import type { MetricSummary, StoredRecord } from '../../kernel/index.js';
import { dueAt } from './cadence.js';
import { GenerateConfig } from './config.js';
import { generateFeedback } from './feedback.js';
import { intentScore } from './intent.js';
import { audienceCsv, fill } from './send.js';

const base = {
  schedule: { cron: '0 * * * *' },
  abm: {
    topics: ['Revenue Forecasting'],
    threshold: 100,
    plays: [{ name: 'p', buyingGroup: { titles: ['cro'] } }],
  },
};

const record = (id: string, values: StoredRecord['values']): StoredRecord => ({
  id,
  externalId: null,
  values,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('generate config', () => {
  it('fills defaults and refuses a bad cadence, a send without a platform and names used twice', () => {
    const c = GenerateConfig.parse(base);
    expect(c.suppression).toEqual({
      doNotContactFields: ['doNotContact'],
      recentTouchDays: 14,
      activeSequence: true,
    });
    expect(c.abm?.plays[0]?.handoff).toEqual({ enabled: true, kind: 'news' });
    const campaign = (name: string, over: object = {}) => ({
      name,
      cadence: { cron: '0 10 * * 2' },
      channel: { kind: 'email' },
      offer: { name: 'x' },
      ...over,
    });
    const bad = GenerateConfig.safeParse({
      ...base,
      campaigns: [
        campaign('a', { cadence: { cron: '61 * * * *' } }),
        campaign('a'),
        campaign('b', { channel: { kind: 'ad-audience' } }),
      ],
    });
    const paths = bad.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(['campaigns.0.cadence.cron', 'campaigns.1.name', 'campaigns.2.channel.to']),
    );
  });
});

describe('cadence', () => {
  const tuesdays = { cron: '0 10 * * 2', timezone: 'America/New_York' };
  it('is due when the cron fired since the previous tick, in its time zone', () => {
    const at = dueAt(tuesdays, new Date('2026-11-03T14:00:00Z'), new Date('2026-11-03T15:00:00Z'));
    expect(at?.toISOString()).toBe('2026-11-03T15:00:00.000Z');
    expect(dueAt(tuesdays, new Date('2026-11-03T15:00:00Z'), new Date('2026-11-03T16:00:00Z'))).toBeNull();
  });
  it('gives the latest occurrence when several fell in the window', () => {
    const at = dueAt(tuesdays, new Date('2026-11-01T00:00:00Z'), new Date('2026-11-20T00:00:00Z'));
    expect(at?.toISOString()).toBe('2026-11-17T15:00:00.000Z');
  });
});

describe('intent score', () => {
  const abm = { topics: ['revenue forecasting'], windowDays: 30, halfLifeDays: 10 };
  const now = Date.parse('2026-11-30T00:00:00Z');
  it('halves a signal every half-life, ignores other topics and signals outside the window', () => {
    const { score, parts } = intentScore(
      abm,
      [
        { topic: 'Revenue Forecasting', strength: 80, occurredAt: '2026-11-20T00:00:00Z' },
        { topic: 'revenue forecasting', strength: 50, occurredAt: '2026-11-30T00:00:00Z' },
        { topic: 'office furniture', strength: 100, occurredAt: '2026-11-30T00:00:00Z' },
        { topic: 'revenue forecasting', strength: 100, occurredAt: '2026-10-20T00:00:00Z' },
      ],
      now,
    );
    expect(score).toBe(90);
    expect(parts.map((p) => [p.ageDays, p.weight])).toEqual([
      [10, 0.5],
      [0, 1],
    ]);
  });
});

describe('sends', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('Hi {firstName}, {offer} {nope}', { firstName: 'Ana', offer: 'a guide' })).toBe(
      'Hi Ana, a guide {nope}',
    );
  });
  it('exports an audience as CSV with quoting and account columns', () => {
    const csv = audienceCsv(
      [
        {
          contact: record('c1', { email: 'a@x.com', firstName: 'Ann, Jr.', title: 'VP "Sales"' }),
          account: record('a1', { name: 'X Corp', domain: 'x.com' }),
        },
      ],
      ['email', 'firstName', 'title', 'company', 'domain'],
    );
    expect(csv).toBe(
      'email,firstName,title,company,domain\na@x.com,"Ann, Jr.","VP ""Sales""",X Corp,x.com\n',
    );
  });
});

describe('intent threshold feedback', () => {
  const config = GenerateConfig.parse({ ...base, abm: { ...base.abm, proposals: { minPlays: 10 } } });
  const summary = (metric: string, sum: number): MetricSummary => ({
    metric,
    label: '',
    count: 1,
    sum,
    min: sum,
    max: sum,
  });
  const evaluate = (reviewed: number, converted: number) =>
    generateFeedback[0]?.evaluate(
      [summary('abm_reviewed', reviewed), summary('abm_converted', converted)],
      config,
    ) ?? [];
  it('proposes a higher threshold when reviewed plays rarely convert, with the counts as evidence', () => {
    const [finding] = evaluate(12, 1);
    expect(finding?.patch).toEqual([{ path: 'abm.threshold', from: 100, to: 125, bounds: { min: 100 } }]);
    expect(finding?.evidence).toMatchObject({ reviewed: 12, converted: 1, conversion: 0.083 });
  });
  it('stays quiet with too few plays or a good conversion', () => {
    expect(evaluate(5, 0)).toEqual([]);
    expect(evaluate(12, 4)).toEqual([]);
  });
});
