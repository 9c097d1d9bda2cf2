import type { Decided, LoopContext } from '../../kernel/index.js';
import type { RouteConfig } from './config.js';
import type { CapacityPlanned, RouteOutput } from './contract.js';
import { findUser } from './reads.js';

/**
 * Records the capacity plan design handed over on each user it names (`plannedCapacity`: the
 * scenario and the ramp schedule), so pools with `capFromPlan` scale their daily caps by it. Roster
 * people with no user record yet (planned hires) are listed, not created: deploy makes users.
 */
export async function recordCapacity(
  ctx: LoopContext<RouteConfig>,
  plan: CapacityPlanned,
): Promise<Decided<RouteOutput>> {
  const updated: string[] = [];
  const unknown: string[] = [];
  for (const m of plan.members) {
    const user = await findUser(ctx.records, m.userId);
    if (!user) {
      unknown.push(m.userId);
      continue;
    }
    ctx.write(
      'user',
      user.id,
      { plannedCapacity: { scenario: plan.scenario, effective: plan.effective, schedule: m.schedule } },
      'patch',
    );
    updated.push(m.userId);
    ctx.trace.step('planned ramp', {
      user: m.userId,
      schedule: m.schedule.map((s) => `${s.from} ${s.factor}`).join(', '),
    });
  }
  const pools = Object.entries(ctx.config.pools)
    .filter(([, p]) => p.capFromPlan)
    .map(([name]) => name);
  const reasons = [
    `recorded the ${plan.scenario} ramp of ${updated.length} user(s)`,
    ...(unknown.length > 0 ? [`no user record yet for ${unknown.join(', ')}`] : []),
    pools.length > 0
      ? `pools scaling their caps by it: ${pools.join(', ')}`
      : 'no pool has capFromPlan: caps are unchanged',
  ];
  return ctx.decide(
    { kind: 'capacity', scenario: plan.scenario, updated, unknown, pools },
    { confidence: 1, subject: `scenario:${plan.scenario}`, reasons },
  );
}
