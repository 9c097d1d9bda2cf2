import { afterEach, describe, expect, it } from 'vitest';
import { nyUser, type RouteHarness, routeHarness } from '../../../test/helpers/route-harness.js';
import { sinceInstant } from '../../cli/commands/route.js';
import { poolDecisions } from '../../store/ops/route-ledger.js';
import { fairnessLedger } from './fairness.js';
import { testConfig } from './test-config.js';

let h: RouteHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('the fairness ledger', () => {
  it('counts assignments per member against what they could expect while there, and every skip by reason', async () => {
    const config = testConfig({
      rules: [{ name: 'all', action: { type: 'pool', pool: 'team' } }],
      pools: {
        team: {
          strategy: 'weighted',
          members: ['u-a', 'u-b', 'u-c'],
          weights: { 'u-a': 2, 'u-b': 1, 'u-c': 1 },
        },
      },
    });
    h = await routeHarness(config);
    await h.seed('user', 'u-a', nyUser('Ann A'));
    await h.seed('user', 'u-b', nyUser('Bo B'));
    await h.seed('user', 'u-c', nyUser('Cy C', { outOfOffice: [{ from: '2026-11-24', to: '2026-11-24' }] }));
    const leads = (n: number, tag: string) =>
      Array.from({ length: n }, (_, i) => ({ leadId: `${tag}${i}`, email: `${tag}${i}@x.io` }));
    await h.qualified(...leads(12, 'a'));
    h.setNow('2026-11-25T15:00:00.000Z'); // u-c is back
    await h.qualified(...leads(8, 'b'));
    const rows = await poolDecisions(h.store.db, {
      loop: 'route',
      pool: 'team',
      since: '2026-11-01T00:00:00.000Z',
      limit: 100,
    });
    expect(rows).toHaveLength(20);
    const ledger = fairnessLedger('team', h.config.pools.team, rows, { since: '2026-11-01T00:00:00.000Z' });
    expect(ledger).toMatchObject({
      pool: 'team',
      strategy: 'weighted',
      picks: 20,
      assigned: 20,
      unplaced: 0,
    });
    const byUser = Object.fromEntries(ledger.rows.map((r) => [r.user, r]));
    // Day 1: u-a and u-b share 12 by 2:1; day 2: 8 by 2:1:1.
    expect(byUser['u-a']).toMatchObject({ targetShare: 0.5, assigned: 12, expected: 12 });
    expect(byUser['u-b']).toMatchObject({ targetShare: 0.25, assigned: 6, expected: 6 });
    expect(byUser['u-c']).toMatchObject({
      assigned: 2,
      expected: 2,
      deviation: 0,
      skips: { 'out-of-office': 12 },
    });
    expect(byUser['u-c']?.lastReasons['out-of-office']).toBe('out of office 2026-11-24 to 2026-11-24');
    expect(ledger.maxRelativeDeviation).toBe(0);
    const later = await poolDecisions(h.store.db, {
      loop: 'route',
      pool: 'team',
      since: '2026-11-25T00:00:00.000Z',
      limit: 100,
    });
    expect(later).toHaveLength(8);
    expect(
      await poolDecisions(h.store.db, {
        loop: 'route',
        pool: 'other',
        since: '2026-11-01T00:00:00.000Z',
        limit: 100,
      }),
    ).toEqual([]);
  });

  it('reads --since as a span back from now or an instant', () => {
    const now = new Date('2026-11-24T15:00:00.000Z');
    expect(sinceInstant('7d', now)).toBe('2026-11-17T15:00:00.000Z');
    expect(sinceInstant('90m', now)).toBe('2026-11-24T13:30:00.000Z');
    expect(sinceInstant('2026-11-20', now)).toBe('2026-11-20T00:00:00.000Z');
    expect(() => sinceInstant('last week', now)).toThrow(/--since expects a span/);
  });
});
