import type { Scenario } from './scenario.js';

/** Who may own accounts in each territory on a day, and who covers a territory with no one. */
export interface Coverage {
  /** Quota-carrying people working each territory on the day, by id. */
  members: ReadonlyMap<string, readonly string[]>;
  /** The owner of a territory or its nearest ancestor with one (the role cascade for open seats). */
  cover: ReadonlyMap<string, string | null>;
  /** Member hash seeds for rendezvous placement. */
  seeds: ReadonlyMap<string, number>;
}

/** FNV-1a over a string: a stable 32-bit hash. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(a: number, b: number): number {
  let h = (a ^ b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The territory a person works: their own, else their manager's (a team follows its manager). */
export function territoryOfPerson(scenario: Scenario, id: string, depth = 0): string | undefined {
  const p = scenario.roster.find((r) => r.id === id);
  if (!p || depth > 10) return undefined;
  return p.territory ?? (p.manager ? territoryOfPerson(scenario, p.manager, depth + 1) : undefined);
}

/** Coverage on a day: people who have started by then work their territory; open seats cascade up. */
export function coverageOn(scenario: Scenario, day: string): Coverage {
  const members = new Map<string, string[]>();
  const seeds = new Map<string, number>();
  for (const p of scenario.roster) {
    const role = scenario.roles[p.role];
    if (!role?.carriesQuota || (p.start !== undefined && p.start > day)) continue;
    const t = territoryOfPerson(scenario, p.id);
    if (t === undefined) continue;
    members.set(t, [...(members.get(t) ?? []), p.id]);
    seeds.set(p.id, fnv(p.id));
  }
  const byId = new Map(scenario.territories.map((t) => [t.id, t]));
  const cover = new Map<string, string | null>();
  for (const t of scenario.territories) {
    let owner: string | null = null;
    for (
      let at = t as typeof t | undefined, n = 0;
      at && n < 20;
      at = at.parent ? byId.get(at.parent) : undefined, n++
    )
      if (at.owner) {
        owner = at.owner;
        break;
      }
    cover.set(t.id, owner);
  }
  return { members, cover, seeds };
}

/**
 * The owner of an account in a territory: its current owner if they work the territory (continuity),
 * else the member the account hashes highest with (rendezvous: adding or removing one member moves
 * only that member's share), else the covering owner up the hierarchy.
 */
export function ownerIn(
  coverage: Coverage,
  territory: string,
  accountId: string,
  current: unknown,
): string | null {
  const members = coverage.members.get(territory);
  if (!members || members.length === 0) return coverage.cover.get(territory) ?? null;
  // The member's own string, not the record's copy of it: a plan keeps a million of these.
  const kept = typeof current === 'string' ? members.indexOf(current) : -1;
  if (kept >= 0) return members[kept] as string;
  const h = fnv(accountId);
  let best = members[0] as string;
  let top = -1;
  for (const m of members) {
    const score = mix(h, coverage.seeds.get(m) ?? 0);
    if (score > top) {
      top = score;
      best = m;
    }
  }
  return best;
}
