import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatIssue } from '../../kernel/index.js';
import { readYaml, zodIssues } from '../../workspace/index.js';
import { RouteConfig } from './config.js';
import { LeadRouted, RouteInput } from './contract.js';
import { lintRoute } from './loop.js';
import { testConfig } from './test-config.js';

const base = {
  rules: [{ name: 'all', action: { type: 'pool', pool: 'p' } }],
  pools: { p: { members: ['u-a'] } },
};
const issues = (input: unknown) => {
  const r = RouteConfig.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('route config', () => {
  it('fills defaults: otherwise to triage, the five-minute schedule, thresholds, round robin', () => {
    const c = RouteConfig.parse(base);
    expect(c.otherwise).toEqual({ type: 'queue', queue: 'triage' });
    expect(c.schedule).toEqual({ cron: '*/5 * * * *', timezone: 'UTC', catchUp: 'latest' });
    expect(c.agent.thresholds).toEqual({ autoAccept: 0.8, review: 0.5 });
    expect(c.pools.p).toMatchObject({
      strategy: 'round-robin',
      workingHours: 'respect',
      overflow: { type: 'wait' },
    });
    expect(c.sla).toMatchObject({ maxEscalations: 2, actedFields: ['firstTouchAt'], channel: 'in-app' });
    expect(c.keepExistingOwner).toBe(true);
  });

  it('rejects broken configs at the field that is wrong, with a clear message', () => {
    expect(
      issues({
        ...base,
        rules: [
          { name: 'r', when: { field: 'grade', op: 'equals', value: 'A' }, action: base.rules[0]?.action },
        ],
      })[0],
    ).toMatch(/^rules\.0\.when\.op: Invalid option: expected one of "eq"\|"neq"/);
    expect(issues({ ...base, pools: { p: { members: [] } } })).toEqual([
      'pools.p.members: a pool needs at least one member',
    ]);
    expect(issues({ ...base, rules: [{ name: 'r', action: { type: 'pool', pool: 'q' } }] })).toEqual([
      'rules.0.action.pool: no pool named q (pools: p)',
    ]);
    expect(issues({ ...base, rules: [{ name: 'r', action: { type: 'queue', queue: 'nuture' } }] })).toEqual([
      'rules.0.action.queue: no queue named nuture (queues: review, triage)',
    ]);
    expect(
      issues({
        ...base,
        pools: { p: { strategy: 'weighted', members: ['u-a', 'u-b'], weights: { 'u-a': 2 } } },
      }),
    ).toEqual(['pools.p.weights: a weighted pool needs a weight for every member; missing: u-b']);
    expect(issues({ ...base, pools: { p: { members: ['u-a', 'u-a'], caps: { 'u-z': 1 } } } })).toEqual([
      'pools.p.members.1: u-a is listed twice',
      'pools.p.caps.u-z: u-z is not a member of pool p',
    ]);
    expect(issues({ ...base, rules: [base.rules[0], base.rules[0]] })).toEqual([
      'rules.1.name: rule name all is already used by rule 1',
    ]);
    expect(
      issues({
        ...base,
        rules: [{ name: 'r', action: { type: 'user', user: 'u-a' }, sla: { minutes: 30 } }],
      }),
    ).toEqual([
      'rules.0.sla.pool: onBreach reassign needs a pool to reassign from: the rule assigns by user, so name sla.pool (or use onBreach: notify)',
    ]);
    expect(
      issues({
        ...base,
        rules: [
          {
            name: 'r',
            action: {
              type: 'agent',
              question: 'region',
              options: { NA: { pool: 'na' }, EMEA: { queue: 'review' } },
              signals: [{ name: 's', field: 'country' }],
            },
          },
        ],
      }),
    ).toEqual(['rules.0.action.options.NA.pool: no pool named na (pools: p)']);
    expect(
      issues({ ...base, pools: { p: { members: ['u-a'], overflow: { type: 'pool', pool: 'p' } } } }),
    ).toEqual(['pools.p.overflow.pool: a pool cannot overflow into itself']);
    expect(
      issues({
        ...base,
        rules: [{ name: 'r', when: { cel: 'grade ==' }, action: base.rules[0]?.action }],
      })[0],
    ).toMatch(/^rules\.0\.when\.cel: CEL/);
    expect(issues({ ...base, rules: [{ name: 'r', action: { type: 'teleport' } }] })[0]).toMatch(
      /^rules\.0\.action\.type: /,
    );
  });

  it('locates each problem in the YAML file by line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'route-config-'));
    try {
      const yaml = [
        'rules:', //                                   1
        '  - name: a', //                              2
        '    when: { field: grade, op: is, value: A }', // 3
        '    action: { type: pool, pool: nowhere }', //    4
        'pools:', //                                   5
        '  empty:', //                                 6
        '    members: []', //                          7
        '  weighted:', //                              8
        '    strategy: weighted', //                   9
        '    members: [u-a, u-b]', //                  10
        '',
      ].join('\n');
      writeFileSync(join(dir, 'route.yaml'), yaml);
      const source = readYaml(join(dir, 'route.yaml'), dir);
      const r = RouteConfig.safeParse(source.data);
      expect(r.success).toBe(false);
      if (r.success) return;
      const lines = zodIssues(source, r.error).map(formatIssue);
      expect(lines).toContain(
        'route.yaml:3:31 rules.0.when.op: Invalid option: expected one of "eq"|"neq"|"in"|"not_in"|"gt"|"gte"|"lt"|"lte"|"between"|"contains"|"starts_with"|"ends_with"|"matches"|"exists"|"empty"',
      );
      expect(lines).toContain('route.yaml:7:14 pools.empty.members: a pool needs at least one member');
      // Only the first failing stage reports: the member check runs before the cross-references.
      const cross = RouteConfig.safeParse({
        ...(source.data as object),
        rules: [{ name: 'a', action: { type: 'pool', pool: 'nowhere' } }],
        pools: { weighted: { strategy: 'weighted', members: ['u-a', 'u-b'] } },
      });
      expect(cross.success).toBe(false);
      if (cross.success) return;
      expect(zodIssues(source, cross.error).map(formatIssue)).toEqual([
        'route.yaml:4:33 rules.0.action.pool: no pool named nowhere (pools: weighted)',
        'route.yaml:9:5 pools.weighted.weights: a weighted pool needs a weight for every member; missing: u-a, u-b',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lint warns of rules that can never fire', () => {
    const c = testConfig({
      rules: [
        {
          name: 'a-grade',
          when: { field: 'grade', op: 'in', value: ['A', 'B'] },
          action: { type: 'queue', queue: 'review' },
        },
        {
          name: 'a-na',
          when: {
            all: [
              { field: 'grade', op: 'eq', value: 'A' },
              { field: 'region', op: 'eq', value: 'NA' },
            ],
          },
          action: { type: 'queue', queue: 'triage' },
        },
        {
          name: 'fine',
          when: { field: 'grade', op: 'eq', value: 'C' },
          action: { type: 'queue', queue: 'triage' },
        },
      ],
    });
    const warnings = lintRoute(c);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path: 'rules.1.when' });
    expect(warnings[0]?.message).toContain("rule 'a-na' can never fire");
  });

  it('contracts export to JSON Schema: route reads lead.qualified, hands lead.routed to engage', () => {
    expect(() => z.toJSONSchema(LeadRouted, { io: 'output', unrepresentable: 'any' })).not.toThrow();
    const input = JSON.stringify(z.toJSONSchema(RouteInput, { io: 'input', unrepresentable: 'any' }));
    expect(input).toContain('scheduledFor');
    expect(input).toContain('leadId');
    const schema = JSON.stringify(z.toJSONSchema(RouteConfig, { io: 'input', unrepresentable: 'any' }));
    expect(schema).toContain('fewest-open-opportunities');
  });
});
