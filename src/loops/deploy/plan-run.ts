import {
  askAgent,
  type Decided,
  type DesiredRecord,
  eachPage,
  type LoopContext,
} from '../../kernel/index.js';
import { compileTerritories, territoryCondition } from '../../planning/match.js';
import { coverageOn, territoryOfPerson } from '../../planning/owners.js';
import type { Scenario } from '../../planning/scenario.js';
import { pickTerritoryTask } from './agent.js';
import type { DeployConfig } from './config.js';
import { type HeldChange, heldPatch, heldStructure, ownedStructure } from './hold.js';
import { managedScenario, Placer, structure } from './logic.js';

/**
 * Accounts read per page: a page's read stays cheap, and its records and kept text are small enough
 * to die young, so a plan over a million accounts does not grow the heap with spent pages.
 */
const ACCOUNT_PAGE = 500;

const criteria = (t: Scenario['territories'][number] | undefined): string[] => {
  const c = t ? territoryCondition(t) : null;
  return c && 'all' in c && c.all
    ? c.all.map((l) => ('field' in l ? `${l.field} in ${String(l.value)}` : ''))
    : [];
};

/**
 * The desired state of the active scenario: structure, people's territories, and every account's
 * territory and owner. Accounts the rules cannot settle go to an agent; unsure answers stay as they
 * are and are listed as pending (a review item each once the plan is applied). Before the
 * scenario's effective date nothing moves: account moves are listed as scheduled, and once a
 * structure is in force, changes to it and to people's territories are listed as held.
 */
export async function planRun(ctx: LoopContext<DeployConfig>, base: Scenario): Promise<Decided<unknown>> {
  const scenario = managedScenario(base, ctx.config.manage);
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const day = scenario.effective.localeCompare(today) > 0 ? scenario.effective : today;
  const coverage = coverageOn(scenario, day);
  const wanted = structure(scenario, coverage);
  const early = scenario.effective > today;
  // The first deploy lays the structure down at once; after that, the one in force stays until the date.
  const owned = early ? await ownedStructure(ctx, wanted) : [];
  const holding = owned.length > 0;
  const held: HeldChange[] = holding ? heldStructure(owned, wanted, scenario.effective) : [];
  const records = holding ? owned : wanted;
  const placer = new Placer(compileTerritories(scenario), coverage, day);
  // Accounts a page at a time: a plan over a million of them holds their assignments, not them.
  const accounts = await eachPage(ctx.records, 'account', {}, ACCOUNT_PAGE, (page) => {
    for (const a of page) placer.add(a);
  });
  const unsettled = placer.finish();
  const { placed, excluded, unmatched } = placer;
  const byId = new Map(scenario.territories.map((t) => [t.id, t]));
  const pending: { account: string; candidates: string[]; reason: string }[] = [];
  for (const u of unsettled) {
    const values = u.values ?? (await ctx.records.get('account', u.id))?.values ?? {};
    const outcome = await askAgent(
      ctx,
      pickTerritoryTask,
      {
        account: values,
        why: u.why,
        candidates: u.candidates.map((t) => ({
          territory: t,
          name: byId.get(t)?.name ?? t,
          criteria: criteria(byId.get(t)),
        })),
        duplicates: [],
      },
      ctx.config.agent.thresholds,
    );
    if (outcome.ok && outcome.route === 'fire' && outcome.answer.territory) {
      placer.settle(u.id, values, outcome.answer.territory);
      continue;
    }
    const reason = outcome.ok
      ? `${u.why}; the agent was unsure (${outcome.confidence})`
      : `${u.why}; ${outcome.reason}`;
    pending.push({ account: u.id, candidates: u.candidates, reason });
    ctx.review(ctx.config.reviewQueue, {
      subject: `account:${u.id}`,
      proposedAction: { type: 'place-account', account: u.id, candidates: u.candidates },
      ...(outcome.ok ? { confidence: outcome.confidence } : {}),
      reasoning: reason,
    });
  }
  const patches: DesiredRecord[] = [];
  const scheduled: { account: string; territory: string; effective: string }[] = [];
  for (const p of placed.values()) {
    if (early && p.values.assignedFrom === day) {
      const territory = p.values.territoryId as string;
      scheduled.push({ account: p.id, territory, effective: scenario.effective });
      continue;
    }
    patches.push(p);
  }
  const users = await ctx.records.find('user', {});
  for (const p of scenario.roster.filter((r) => !r.planned)) {
    const user = users.find((u) => u.externalId === p.id || u.id === p.id);
    const territory = territoryOfPerson(scenario, p.id) ?? null;
    if (!user) continue;
    const values = { territoryId: territory, planRole: p.role };
    const wait = holding ? heldPatch(user, values, scenario.effective) : null;
    if (wait) held.push(wait);
    else if (!holding) patches.push({ kind: 'user', id: user.id, values });
  }
  ctx.trace.step('placed', {
    accounts,
    placed: placed.size,
    excluded,
    unmatched: unmatched.length,
    pending: pending.length,
  });
  return ctx.decide(
    { records, patches, pending, scheduled, held },
    { confidence: 1, reasons: [`scenario ${scenario.name ?? ''} effective ${scenario.effective}`] },
  );
}
