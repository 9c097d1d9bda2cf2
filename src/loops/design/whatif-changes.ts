import type { Condition } from '../../kernel/index.js';
import type { Scenario } from '../../planning/scenario.js';

/** A parameter change a what-if question maps to. */
export type WhatIfChange =
  | { op: 'add-people'; territory: string; role: string; count: number; quarter: number }
  | { op: 'remove-people'; territory: string; count: number }
  | { op: 'segment-threshold'; segment: string; value: number }
  | { op: 'set-target'; territory: string; value: number }
  | { op: 'move-person'; person: string; territory: string }
  | { op: 'move-account'; account: string; territory: string };

/** What the question is read against: the names in the active scenario. */
export interface WhatIfContext {
  territories: { id: string; name: string; segments: string[]; depth: number }[];
  segments: string[];
  roles: string[];
  defaultRole: string;
  people: string[];
}

/** The names of a scenario a question may use. */
export function whatIfContext(s: Scenario): WhatIfContext {
  const byId = new Map(s.territories.map((t) => [t.id, t]));
  const depth = (id: string | undefined, n = 0): number =>
    id && n < 20 ? 1 + depth(byId.get(id)?.parent, n + 1) : 0;
  const roles = Object.keys(s.roles);
  return {
    territories: s.territories.map((t) => ({
      id: t.id,
      name: t.name,
      segments: t.segments ?? [],
      depth: depth(t.parent),
    })),
    segments: s.icp.segments.map((g) => g.name),
    roles,
    defaultRole:
      roles.find((r) => s.roles[r]?.carriesQuota && (s.roles[r]?.capacity ?? 0) > 0) ?? roles[0] ?? 'ae',
    people: s.roster.map((p) => p.id),
  };
}

function quarterStart(effective: string, quarter: number): string {
  const [y, m, d] = effective.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1 + (quarter - 1) * 3, d)).toISOString().slice(0, 10);
}

/** A segment's lower bound moved: `gte` on its own leaf, and the `between` of a segment whose range it cuts. */
function threshold(s: Scenario, segment: string, value: number): Scenario['icp']['segments'] {
  const leaf = (c: Condition) => c as { field?: string; op?: string; value?: unknown };
  const own = s.icp.segments.find((g) => g.name === segment);
  const field = own ? leaf(own.when).field : undefined;
  return s.icp.segments.map((g) => {
    const w = leaf(g.when);
    if (g.name === segment && (w.op === 'gte' || w.op === 'gt'))
      return { ...g, when: { ...w, op: 'gte', value } as Condition };
    if (g.name !== segment && w.field === field && w.op === 'between' && Array.isArray(w.value))
      return { ...g, when: { ...w, value: [w.value[0] as number, value - 1] } as Condition };
    return g;
  });
}

/** A copy of the scenario with the changes made, in order. Pure: the scenario given is not touched. */
export function applyChanges(base: Scenario, changes: readonly WhatIfChange[]): Scenario {
  let s: Scenario = structuredClone(base);
  for (const c of changes) {
    if (c.op === 'add-people') {
      const added = Array.from({ length: c.count }, (_, i) => ({
        id: `whatif-${c.territory}-${s.roster.length + i + 1}`,
        name: `What-if ${c.role} in ${c.territory}`,
        role: c.role,
        territory: c.territory,
        start: quarterStart(s.effective, c.quarter),
        planned: true,
      }));
      s = { ...s, roster: [...s.roster, ...added] };
    } else if (c.op === 'remove-people') {
      const theirs = s.roster.filter((p) => p.territory === c.territory && s.roles[p.role]?.carriesQuota);
      const gone = new Set(
        [...theirs]
          .sort((a, b) => Number(b.planned) - Number(a.planned))
          .slice(0, c.count)
          .map((p) => p.id),
      );
      s = { ...s, roster: s.roster.filter((p) => !gone.has(p.id)) };
    } else if (c.op === 'segment-threshold') {
      s = { ...s, icp: { ...s.icp, segments: threshold(s, c.segment, c.value) } };
    } else if (c.op === 'set-target') {
      s = {
        ...s,
        territories: s.territories.map((t) => (t.id === c.territory ? { ...t, target: c.value } : t)),
      };
    } else if (c.op === 'move-person') {
      s = { ...s, roster: s.roster.map((p) => (p.id === c.person ? { ...p, territory: c.territory } : p)) };
    } else {
      s = {
        ...s,
        territories: s.territories.map((t) => ({
          ...t,
          accounts: [
            ...t.accounts.filter((a) => a !== c.account),
            ...(t.id === c.territory ? [c.account] : []),
          ],
        })),
      };
    }
  }
  return s;
}
