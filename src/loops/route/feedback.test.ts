import { afterEach, describe, expect, it } from 'vitest';
import { nyUser, type RouteHarness, routeHarness } from '../../../test/helpers/route-harness.js';
import { type MetricObservation, type MetricSummary, observeMetrics } from '../../kernel/index.js';
import { poolImbalanceMonitor, raiseDailyCapProposer, slaBreachMonitor } from './feedback.js';
import { routeMetrics } from './metrics.js';
import { testConfig } from './test-config.js';

let h: RouteHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Observations summed per metric and label, as the store summarizes a window. */
function summarize(observations: readonly MetricObservation[]): MetricSummary[] {
  const rows = new Map<string, MetricSummary>();
  for (const o of observations) {
    const key = `${o.metric}|${o.label}`;
    const row = rows.get(key) ?? {
      metric: o.metric,
      label: o.label,
      count: 0,
      sum: 0,
      min: o.value,
      max: o.value,
    };
    rows.set(key, {
      ...row,
      count: row.count + 1,
      sum: row.sum + o.value,
      min: Math.min(row.min, o.value),
      max: Math.max(row.max, o.value),
    });
  }
  return [...rows.values()];
}

async function windowOf(t: RouteHarness): Promise<MetricSummary[]> {
  const facts = (await t.decisions()).map((d) => observeMetrics(routeMetrics, d));
  return summarize(facts.flat());
}

describe('route metrics and feedback on real decisions', () => {
  const config = testConfig({
    rules: [{ name: 'all', action: { type: 'pool', pool: 'team' }, sla: { minutes: 30 } }],
    pools: { team: { members: ['u-a', 'u-b'], capPerDay: 10, manager: 'u-m' } },
    monitors: { poolImbalance: { minAssignments: 10 }, slaBreaches: { minAssignments: 10 } },
    proposals: { raiseDailyCap: { minWaiting: 3 } },
  });

  it('an uneven pool is flagged, leads waiting at the cap propose a higher cap, and breaches are counted', async () => {
    h = await routeHarness(config);
    await h.seed('user', 'u-a', nyUser('Ann A'));
    await h.seed('user', 'u-b', nyUser('Bo B', { outOfOffice: [{ from: '2026-11-24', to: '2026-11-24' }] }));
    await h.qualified(...Array.from({ length: 14 }, (_, i) => ({ leadId: `l${i}`, email: `l${i}@x.io` })));
    const window = await windowOf(h);
    expect(window.filter((m) => m.metric === 'outcome').map((m) => [m.label, m.count])).toEqual([
      ['assigned', 10],
      ['waiting', 4],
    ]);
    expect(window.find((m) => m.metric === 'rule')).toMatchObject({ label: 'all', count: 14 });
    expect(window.find((m) => m.metric === 'waiting_at_cap')).toMatchObject({ label: 'team', count: 4 });
    const [imbalance] = poolImbalanceMonitor.evaluate(window, h.config);
    expect(imbalance?.message).toBe(
      'pool team is uneven over 10 leads: u-a 100% (target 50%), u-b 0% (target 50%); run revloops route fairness team to see skips by reason',
    );
    const [proposal] = raiseDailyCapProposer.evaluate(window, h.config);
    expect(proposal).toMatchObject({
      severity: 'info',
      patch: [{ path: 'pools.team.capPerDay', from: 10, to: 12 }],
    });
    h.setNow('2026-11-24T15:31:00.000Z');
    await h.tick();
    const after = await windowOf(h);
    expect(after.find((m) => m.metric === 'sla_breaches')?.count).toBe(10);
    const [breaches] = slaBreachMonitor.evaluate(after, h.config);
    expect(breaches?.message).toMatch(/^10 of 10 SLA-bound assignments breached \(100%, limit 15%\)/);
  });

  it('stays quiet below the minimum and when disabled', () => {
    const c = testConfig({
      pools: { team: { members: ['u-a', 'u-b'] } },
      rules: [{ name: 'all', action: { type: 'pool', pool: 'team' } }],
    });
    const few: MetricSummary[] = [
      { metric: 'assignment', label: 'team:u-a', count: 5, sum: 5, min: 1, max: 1 },
    ];
    expect(poolImbalanceMonitor.evaluate(few, c)).toEqual([]);
    expect(
      raiseDailyCapProposer.evaluate(
        [{ metric: 'waiting_at_cap', label: 'team', count: 50, sum: 50, min: 1, max: 1 }],
        c,
      ),
    ).toEqual([]);
  });
});
