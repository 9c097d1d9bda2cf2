import type { Decided, LoopContext, TickInput } from '../../kernel/index.js';
import type { DeployConfig } from './config.js';
import type { DriftReport } from './contract.js';

type Load = DriftReport['workload'][number];

const ratio = (l: Load) => (l.maxAccounts ? l.accounts / l.maxAccounts : 0);

/** The move drift suggests: the least-loaded person elsewhere joins the most overloaded territory. */
function suggestMove(
  workload: readonly Load[],
  config: DeployConfig['rebalance'],
): (DriftReport['move'] & {}) | null {
  const byTerritory = new Map<string, Load[]>();
  for (const l of workload) byTerritory.set(l.territory, [...(byTerritory.get(l.territory) ?? []), l]);
  const mean = (ls: Load[]) => ls.reduce((s, l) => s + ratio(l), 0) / ls.length;
  const over = [...byTerritory]
    .filter(([, ls]) => mean(ls) > config.overload)
    .sort((a, b) => mean(b[1]) - mean(a[1]))[0];
  if (!over) return null;
  const spare = workload
    .filter((l) => l.territory !== over[0] && l.maxAccounts !== null && ratio(l) < config.underload)
    .filter((l) => (byTerritory.get(l.territory)?.length ?? 0) > 1)
    .sort(
      (a, b) => ratio(a) - ratio(b) || a.openPipeline - b.openPipeline || a.person.localeCompare(b.person),
    )[0];
  if (!spare) return null;
  return {
    person: spare.person,
    territory: over[0],
    reason: `${over[0]} carries ${Math.round(mean(over[1]) * 100)}% of its planned accounts per rep; ${spare.person} in ${spare.territory} carries ${Math.round(ratio(spare) * 100)}%`,
  };
}

/** Measures workload per person against the deployed plan (accounts and open pipeline) and suggests a move. */
export async function driftCheck(
  ctx: LoopContext<DeployConfig>,
  tick: TickInput,
): Promise<Decided<DriftReport>> {
  const workload: Load[] = [];
  for (const pool of await ctx.records.find('pool', { managedBy: ctx.loop })) {
    const territory = String(pool.values.territoryId);
    const caps = (pool.values.maxAccounts ?? {}) as Record<string, number | null>;
    for (const person of (pool.values.members ?? []) as string[]) {
      const accounts = await ctx.records.count('account', { ownerId: person });
      const open = await ctx.records.find('opportunity', { ownerId: person, status: 'open' });
      const openPipeline = open.reduce(
        (s, o) => s + (typeof o.values.amount === 'number' ? o.values.amount : 0),
        0,
      );
      workload.push({ person, territory, accounts, openPipeline, maxAccounts: caps[person] ?? null });
    }
  }
  const cfg = ctx.config.rebalance;
  const overloaded = [...new Set(workload.filter((l) => ratio(l) > cfg.overload).map((l) => l.territory))];
  const move = suggestMove(workload, cfg);
  ctx.trace.step('workload', { people: workload.length, overloaded });
  return ctx.decide(
    { kind: 'drift', scheduledFor: tick.scheduledFor, workload, overloaded, move },
    { confidence: 1, reasons: move ? [move.reason] : ['workload within plan'] },
  );
}
