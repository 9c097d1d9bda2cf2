import type { StoredRecord } from '../../kernel/index.js';
import { compileTerritories, placeAccount } from '../../planning/match.js';
import { territoryOfPerson } from '../../planning/owners.js';
import type { Scenario } from '../../planning/scenario.js';

/** Capacity against target for one segment or territory. */
export interface Coverage {
  capacity: number;
  target: number;
  /** capacity / target (0 when there is no target). */
  coverage: number;
  reps: number;
}

/** A scenario's capacity model: what the roster can close against the targets. */
interface CapacityArtifact {
  scenario: string;
  effective: string;
  total: Coverage & { accounts: number; accountsPerRep: number };
  segments: Record<string, Coverage>;
  territories: Record<string, Coverage & { accounts: number; accountsPerRep: number }>;
  /** Ramped capacity by quarter of the plan year (Q1 starts on the effective date). */
  quarters: Record<string, number>;
}

const round = (n: number) => Math.round(n);
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

/** Whole months from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
function monthsBetween(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  return (ty - fy) * 12 + (tm - fm) - (td < fd ? 1 : 0);
}

/** The same day n months after a date (YYYY-MM-DD): with the effective date, the n-th month of the plan year. */
function monthStart(effective: string, n: number): string {
  const [y, m, d] = effective.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1 + n, d));
  return date.toISOString().slice(0, 10);
}

/** A person's share of full capacity in each month of the plan year: 0 before they start, then their role's ramp. */
function monthlyFactors(s: Scenario, person: Scenario['roster'][number]): number[] {
  const role = s.roles[person.role];
  return Array.from({ length: 12 }, (_, n) => {
    const month = monthStart(s.effective, n);
    if (person.start !== undefined && person.start > month) return 0;
    const since = person.start === undefined ? Number.POSITIVE_INFINITY : monthsBetween(person.start, month);
    return role?.ramp[since] ?? 1;
  });
}

/** A person's capacity in each month of the plan year, through their role's ramp profile. */
function monthlyCapacity(s: Scenario, person: Scenario['roster'][number]): number[] {
  const role = s.roles[person.role];
  if (!role?.carriesQuota) return new Array(12).fill(0);
  return monthlyFactors(s, person).map((f) => (role.capacity / 12) * f);
}

/** A ramp schedule: the factor from each date on where it changes. */
export type RampSchedule = { from: string; factor: number }[];

/**
 * Each quota-carrying person's ramp as the dates where their factor changes, from their start
 * (which may fall before the plan year) until they are fully ramped or the plan year ends: what
 * route scales its pool caps by. Someone with no start date is fully ramped. Pure.
 */
export function rampSchedules(s: Scenario): { userId: string; schedule: RampSchedule }[] {
  const end = monthStart(s.effective, 12);
  return s.roster
    .filter((p) => s.roles[p.role]?.carriesQuota)
    .map((p) => {
      const ramp = s.roles[p.role]?.ramp ?? [];
      if (p.start === undefined) return { userId: p.id, schedule: [{ from: s.effective, factor: 1 }] };
      const schedule: RampSchedule = [];
      for (let k = 0; k <= ramp.length; k++) {
        const from = monthStart(p.start, k);
        if (from >= end) break;
        const factor = ramp[k] ?? 1;
        if (schedule.at(-1)?.factor !== factor) schedule.push({ from, factor });
      }
      return { userId: p.id, schedule };
    });
}

/** The capacity model of a scenario over its accounts: by segment, by territory, by quarter. Pure. */
export function capacityModel(s: Scenario, accounts: readonly StoredRecord[]): CapacityArtifact {
  const compiled = compileTerritories(s);
  const counts = new Map<string, number>();
  for (const a of accounts) {
    const p = placeAccount(compiled, a.externalId ? [a.id, a.externalId] : [a.id], a.values);
    if (p.kind === 'placed') counts.set(p.territory, (counts.get(p.territory) ?? 0) + 1);
  }
  const blank = (target: number): Coverage => ({ capacity: 0, target, coverage: 0, reps: 0 });
  const segments: Record<string, Coverage> = {};
  for (const g of s.icp.segments) segments[g.name] = blank(s.targets.segments[g.name] ?? 0);
  const territories: CapacityArtifact['territories'] = {};
  for (const t of s.territories)
    territories[t.id] = { ...blank(t.target ?? 0), accounts: counts.get(t.id) ?? 0, accountsPerRep: 0 };
  const quarters = { Q1: 0, Q2: 0, Q3: 0, Q4: 0 };
  for (const p of s.roster) {
    const months = monthlyCapacity(s, p);
    const year = months.reduce((a, b) => a + b, 0);
    if (year === 0 && !s.roles[p.role]?.carriesQuota) continue;
    months.forEach((c, i) => {
      quarters[`Q${Math.floor(i / 3) + 1}` as keyof typeof quarters] += c;
    });
    const t = territoryOfPerson(s, p.id);
    const segment = p.segment ?? s.territories.find((x) => x.id === t)?.segments?.[0];
    for (const bucket of [t ? territories[t] : undefined, segment ? segments[segment] : undefined]) {
      if (!bucket) continue;
      bucket.capacity += year;
      bucket.reps += 1;
    }
  }
  const finish = (c: Coverage) =>
    Object.assign(c, { capacity: round(c.capacity), coverage: ratio(c.capacity, c.target) });
  for (const c of Object.values(segments)) finish(c);
  for (const c of Object.values(territories)) {
    finish(c);
    c.accountsPerRep = ratio(c.accounts, c.reps);
  }
  const reps = s.roster.filter((p) => s.roles[p.role]?.carriesQuota).length;
  const capacity = Object.values(quarters).reduce((a, b) => a + b, 0);
  const target =
    Object.values(s.targets.segments).reduce((a, b) => a + b, 0) ||
    s.territories.reduce((a, t) => a + (t.parent ? 0 : (t.target ?? 0)), 0);
  const placed = [...counts.values()].reduce((a, b) => a + b, 0);
  return {
    scenario: s.name ?? '',
    effective: s.effective,
    total: {
      capacity: round(capacity),
      target,
      coverage: ratio(capacity, target),
      reps,
      accounts: placed,
      accountsPerRep: ratio(placed, reps),
    },
    segments,
    territories,
    quarters: Object.fromEntries(Object.entries(quarters).map(([k, v]) => [k, round(v)])),
  };
}
