import { RouteConfig } from './config.js';

/** A route config for tests: `overrides` replace top-level fields of a small two-pool setup. */
export function testConfig(overrides: Record<string, unknown> = {}): RouteConfig {
  return RouteConfig.parse({
    segments: [
      { name: 'enterprise', when: { field: 'employees', op: 'gte', value: 1000 } },
      { name: 'commercial', when: { field: 'employees', op: 'between', value: [50, 999] } },
    ],
    rules: [
      {
        name: 'existing-customer',
        when: { field: 'accountMatch', op: 'in', value: ['matched', 'uncertain'] },
        action: { type: 'account-owner' },
      },
      {
        name: 'na-commercial-a',
        when: {
          all: [
            { field: 'grade', op: 'eq', value: 'A' },
            { field: 'segment', op: 'eq', value: 'commercial' },
            { field: 'region', op: 'eq', value: 'NA' },
          ],
        },
        action: { type: 'pool', pool: 'na-commercial' },
        sla: { minutes: 30 },
      },
      {
        name: 'nurture',
        when: { field: 'grade', op: 'in', value: ['C', 'D'] },
        action: { type: 'queue', queue: 'nurture' },
      },
    ],
    pools: {
      'na-commercial': {
        strategy: 'fewest-open-opportunities',
        members: ['u-ana', 'u-ben', 'u-cara', 'u-dev'],
        manager: 'u-jon',
      },
      emea: { strategy: 'round-robin', members: ['u-gus', 'u-hana'] },
    },
    queues: { nurture: { assignee: 'u-ivy' } },
    defaultTimezone: 'America/New_York',
    ...overrides,
  });
}
