import { describe, expect, it } from 'vitest';
import { CoachConfig } from './config.js';

const base = {
  stages: ['Discovery', 'Proposal'],
  shapes: [{ name: 'enterprise', when: { field: 'amount', op: 'gte', value: 50000 } }],
};
const pattern = (when: object, evidence: string[] = ['winRate']) => ({
  ...base,
  patterns: [{ name: 'p', when, evidence, task: 'x' }],
});
const issues = (config: object) => {
  const r = CoachConfig.safeParse(config);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('metric paths in the coach config', () => {
  it('accepts every metric the config measures, and the prefixes has() and exists read', () => {
    expect(
      issues(
        pattern({
          all: [
            { field: 'vsTeam.winRate', op: 'lte', value: 0.7 },
            { field: 'metrics.shapes.enterprise.winRate', op: 'lt', value: 0.2 },
            { field: 'trailing.stages.Proposal.days', op: 'gt', value: 9 },
            { field: 'metrics.shapes.enterprise', op: 'exists' },
            { cel: "has(metrics.winRate) && team.stages.Discovery.conversion < 0.5 && 'metrics.x' != ''" },
          ],
        }),
      ),
    ).toEqual([]);
  });

  it('refuses a misspelt metric in a pattern, which would otherwise never match (or match everyone)', () => {
    expect(issues(pattern({ field: 'metrics.discoverCoverage', op: 'neq', value: 0 }))).toEqual([
      expect.stringMatching(
        /^patterns\.0\.when\.field: metrics\.discoverCoverage: discoverCoverage is not a rep metric this config measures \(expected one of discoveryCoverage, /,
      ),
    ]);
    expect(issues(pattern({ not: { all: [{ field: 'metric.winRate', op: 'lt', value: 1 }] } }))).toEqual([
      expect.stringMatching(
        /^patterns\.0\.when\.not\.all\.0\.field: metric\.winRate: a pattern reads metrics\.<metric>/,
      ),
    ]);
    expect(issues(pattern({ cel: 'metrics.winRate < team.winrate * 0.7' }))).toEqual([
      expect.stringMatching(/^patterns\.0\.when\.cel: team\.winrate: winrate is not a rep metric/),
    ]);
    expect(issues(pattern({ field: 'metrics.stages.discovery.days', op: 'gt', value: 9 }))).toHaveLength(1);
  });

  it('refuses evidence, alerts and skills naming a shape or stage the config does not have', () => {
    expect(
      issues({
        ...pattern({ field: 'metrics.winRate', op: 'lt', value: 0.2 }, ['shapes.enterprize.winRate']),
        alerts: { metrics: ['winRate', 'stages.Qualify.days'] },
        skills: [{ name: 'close', metric: 'shapes.smb.winRate', weakBelow: 0.2 }],
      }),
    ).toEqual([
      'patterns.0.evidence.0: shapes.enterprize.winRate: enterprize is not a shape (shapes: enterprise)',
      'skills.0.metric: shapes.smb.winRate: smb is not a shape (shapes: enterprise)',
      'alerts.metrics.1: stages.Qualify.days: Qualify is not in stages (Discovery, Proposal)',
    ]);
  });
});
