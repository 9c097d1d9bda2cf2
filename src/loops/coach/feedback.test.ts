import { describe, expect, it } from 'vitest';
import type { MetricSummary } from '../../kernel/index.js';
import { CoachConfig } from './config.js';
import { alertThresholdMonitor } from './feedback.js';

const row = (metric: string, count: number, label = ''): MetricSummary => ({
  metric,
  label,
  count,
  sum: count,
  min: 1,
  max: 1,
});
const config = CoachConfig.parse({});

describe('the alert threshold monitor', () => {
  it('proposes a wider ownChange with the alert rate as evidence when most reviews alert', () => {
    const [f] = alertThresholdMonitor.evaluate(
      [
        row('rep_reviews', 20),
        row('alerted_reviews', 9),
        row('alerts', 6, 'winRate:own:down'),
        row('alerts', 3, 'responseHours:own:up'),
      ],
      config,
    );
    expect(f?.patch).toEqual([
      { path: 'alerts.ownChange', from: 0.5, to: 0.75, bounds: { min: 0.05, max: 5 } },
    ]);
    expect(f?.evidence).toMatchObject({
      reviews: 20,
      alerted: 9,
      share: 0.45,
      byMove: [
        { moves: 'winRate:own:down', reviews: 6 },
        { moves: 'responseHours:own:up', reviews: 3 },
      ],
    });
    expect(f?.message).toContain('9 of 20 rep reviews alerted (45%, above 30%)');
  });

  it('stays quiet below the share, with too few reviews, or when disabled', () => {
    expect(
      alertThresholdMonitor.evaluate([row('rep_reviews', 20), row('alerted_reviews', 6)], config),
    ).toEqual([]);
    expect(
      alertThresholdMonitor.evaluate([row('rep_reviews', 5), row('alerted_reviews', 5)], config),
    ).toEqual([]);
    const off = CoachConfig.parse({ proposals: { enabled: false } });
    expect(alertThresholdMonitor.evaluate([row('rep_reviews', 20), row('alerted_reviews', 20)], off)).toEqual(
      [],
    );
  });
});

describe('the config', () => {
  it('refuses a shape that names an unknown skill and a skill with both thresholds', () => {
    const bad = CoachConfig.safeParse({
      shapes: [{ name: 'enterprise', skills: ['closing'] }],
      skills: [{ name: 'discovery', metric: 'discoveryCoverage', weakBelow: 0.5, weakAbove: 0.9 }],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining(['skills.0: expected exactly one of weakBelow or weakAbove']),
    );
  });

  it('refuses a pattern metric that is not a rep metric', () => {
    const bad = CoachConfig.safeParse({
      patterns: [
        {
          name: 'p',
          when: { field: 'metrics.winRate', op: 'lt', value: 0.2 },
          evidence: ['quota'],
          task: 't',
        },
      ],
    });
    expect(bad.error?.issues[0]?.path).toEqual(['patterns', 0, 'evidence', 0]);
  });
});
