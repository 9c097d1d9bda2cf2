import { registrableDomain } from '../agents/heuristics/index.js';
import { type CompiledRules, type Condition, compileRules } from '../kernel/index.js';
import { SCENARIO_CEL, type Scenario } from './scenario.js';

/** Where the matcher placed one account. */
export type Placement =
  | { kind: 'excluded'; segment: string | undefined }
  | { kind: 'placed'; territory: string; segment: string | undefined; via: 'named' | 'rule' }
  | { kind: 'ambiguous'; candidates: string[]; segment: string | undefined }
  | { kind: 'unmatched'; segment: string | undefined };

/** A scenario's territories compiled once: segment rules, territory rules (both directions), named accounts. */
export interface CompiledTerritories {
  scenario: Scenario;
  segments: CompiledRules;
  /** Territories with criteria, in scenario order. */
  ruled: readonly string[];
  forward: CompiledRules;
  reverse: CompiledRules;
  named: ReadonlyMap<string, string>;
  excluded: ReadonlySet<string>;
  excludeWhen: CompiledRules | null;
  parents: ReadonlyMap<string, string | undefined>;
}

const OPTIONS = { celVariables: SCENARIO_CEL };

/** The kernel condition of a territory's criteria, or null for a structural territory. */
export function territoryCondition(t: Scenario['territories'][number]): Condition | null {
  const all: Condition[] = [];
  if (t.countries?.length) all.push({ field: 'country', op: 'in', value: t.countries });
  if (t.segments?.length) all.push({ field: 'segment', op: 'in', value: t.segments });
  if (t.industries?.length) all.push({ field: 'industry', op: 'in', value: t.industries });
  return all.length === 0 ? null : { all };
}

/** Compiles a scenario's segments and territories with the kernel rules engine (first match wins). */
export function compileTerritories(scenario: Scenario): CompiledTerritories {
  const ruled = scenario.territories.flatMap((t) => {
    const c = territoryCondition(t);
    return c ? [{ id: t.id, c }] : [];
  });
  const named = new Map<string, string>();
  for (const t of scenario.territories) for (const a of t.accounts) named.set(a.toLowerCase(), t.id);
  const conditions = ruled.map((r) => r.c);
  return {
    scenario,
    segments: compileRules(
      scenario.icp.segments.map((s) => s.when),
      OPTIONS,
    ),
    ruled: ruled.map((r) => r.id),
    forward: compileRules(conditions, OPTIONS),
    reverse: compileRules([...conditions].reverse(), OPTIONS),
    named,
    excluded: new Set(scenario.exclude.accounts.map((a) => a.toLowerCase())),
    excludeWhen: scenario.exclude.when ? compileRules([scenario.exclude.when], OPTIONS) : null,
    parents: new Map(scenario.territories.map((t) => [t.id, t.parent])),
  };
}

/** The segment of an account under the scenario's ICP (its first matching segment). */
function segmentOf(c: CompiledTerritories, values: Readonly<Record<string, unknown>>): string | undefined {
  const i = c.segments.firstMatch(values);
  return i < 0 ? undefined : c.scenario.icp.segments[i]?.name;
}

function isAncestor(c: CompiledTerritories, ancestor: string, of: string): boolean {
  for (let p = c.parents.get(of), n = 0; p !== undefined && n < 20; p = c.parents.get(p), n++)
    if (p === ancestor) return true;
  return false;
}

/**
 * Places one account: excluded, a named account, the one territory whose criteria match (the
 * most specific when a parent and its child both match), or ambiguous with every candidate.
 * Two compiled matchers (in order and reversed) find a second match without testing every rule.
 */
export function placeAccount(
  c: CompiledTerritories,
  keys: readonly string[],
  values: Readonly<Record<string, unknown>>,
): Placement {
  const subject = { ...values, segment: segmentOf(c, values) };
  const segment = subject.segment;
  if (c.excluded.size > 0 || c.named.size > 0) {
    const domain = typeof values.domain === 'string' ? values.domain.toLowerCase() : '';
    const all = domain ? [...keys.map((k) => k.toLowerCase()), domain] : keys.map((k) => k.toLowerCase());
    if (all.some((k) => c.excluded.has(k))) return { kind: 'excluded', segment };
    let named: string | undefined;
    for (const k of all) named ??= c.named.get(k);
    if (named) return { kind: 'placed', territory: named, segment, via: 'named' };
  }
  if (c.excludeWhen && c.excludeWhen.firstMatch(subject) === 0) return { kind: 'excluded', segment };
  const f = c.forward.firstMatch(subject);
  if (f < 0) return { kind: 'unmatched', segment };
  const r = c.ruled.length - 1 - c.reverse.firstMatch(subject);
  if (r === f) return { kind: 'placed', territory: c.ruled[f] as string, segment, via: 'rule' };
  const hits = c.ruled.filter((_, i) => c.forward.conditions[i]?.test(subject));
  const candidates = hits.filter((t) => !hits.some((o) => o !== t && isAncestor(c, t, o)));
  return candidates.length === 1
    ? { kind: 'placed', territory: candidates[0] as string, segment, via: 'rule' }
    : { kind: 'ambiguous', candidates, segment };
}

/** The key that groups duplicate accounts: the registrable domain. */
export function duplicateKey(values: Readonly<Record<string, unknown>>): string | undefined {
  const d = values.domain;
  if (typeof d !== 'string' || d.trim() === '') return undefined;
  const lower = d.trim().toLowerCase();
  // A name with one dot (acme.com) is its own registrable domain: skip the suffix lookup.
  return lower.indexOf('.') === lower.lastIndexOf('.') ? lower : (registrableDomain(lower) ?? lower);
}
