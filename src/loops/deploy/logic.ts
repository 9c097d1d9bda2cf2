import type { DesiredRecord, Json, JsonObject, StoredRecord } from '../../kernel/index.js';
import { type CompiledTerritories, duplicateKey, placeAccount } from '../../planning/match.js';
import { type Coverage, ownerIn } from '../../planning/owners.js';
import type { Scenario } from '../../planning/scenario.js';
import type { DeployConfig } from './config.js';

/** The id of the pool record deploy keeps for a territory. */
const poolId = (territory: string) => `territory.${territory}`;

/** The scenario with the manage copy on top: in-year people moves and account moves. */
export function managedScenario(s: Scenario, manage: DeployConfig['manage']): Scenario {
  const moved = new Set(manage.moves.flatMap((m) => m.accounts.map((a) => a.toLowerCase())));
  return {
    ...s,
    roster: s.roster.map((p) =>
      manage.people[p.id] ? { ...p, territory: manage.people[p.id] as string } : p,
    ),
    territories: s.territories.map((t) => ({
      ...t,
      accounts: [
        ...t.accounts.filter((a) => !moved.has(a.toLowerCase())),
        ...manage.moves.filter((m) => m.territory === t.id).flatMap((m) => m.accounts),
      ],
    })),
  };
}

/** Territories, their pools and planned hires: the structure, parents first. */
export function structure(s: Scenario, coverage: Coverage): DesiredRecord[] {
  const out: DesiredRecord[] = [];
  for (const t of s.territories)
    out.push({
      kind: 'territory',
      id: t.id,
      values: {
        name: t.name,
        parentId: t.parent ?? null,
        ownerId: coverage.cover.get(t.id) ?? null,
        target: t.target ?? null,
      },
    });
  for (const t of s.territories) {
    const members = coverage.members.get(t.id) ?? [];
    if (members.length === 0) continue;
    const caps: JsonObject = {};
    for (const m of members) {
      const role = s.roles[s.roster.find((p) => p.id === m)?.role ?? ''];
      caps[m] = role?.maxAccounts ?? null;
    }
    out.push({
      kind: 'pool',
      id: poolId(t.id),
      values: { name: `${t.name} pool`, territoryId: t.id, members: [...members], maxAccounts: caps },
    });
  }
  for (const p of s.roster.filter((r) => r.planned))
    out.push({
      kind: 'user',
      id: p.id,
      values: {
        name: p.name ?? p.id,
        role: p.role,
        status: 'planned',
        active: false,
        startDate: p.start ?? null,
      },
    });
  return out;
}

/** Where an account ends up, as the plan wants it (the patch of its assignment fields). */
export interface AccountOutcome {
  id: string;
  territory: string;
  owner: string | null;
  /** The account's assignment fields as they are now (only those: the rest of it is not kept). */
  current: JsonObject;
}

/** The fields of an account that its assignment patch reads and writes. */
const ASSIGNMENT_FIELDS = ['territoryId', 'ownerId', 'assignedFrom', 'previousOwnerId'] as const;

/** An account's assignment fields, the ones it has, for its patch later on. */
export function assignmentOf(values: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const f of ASSIGNMENT_FIELDS) if (values[f] !== undefined) out[f] = values[f] as Json;
  return out;
}

/** The assignment fields an account should have, keeping them as they are when nothing moves. */
export function assignmentPatch(
  current: JsonObject,
  territory: string,
  owner: string | null,
  day: string,
): JsonObject {
  const moves = current.territoryId !== territory || (current.ownerId ?? null) !== owner;
  return {
    territoryId: territory,
    ownerId: owner,
    assignedFrom: moves ? day : ((current.assignedFrom as Json | undefined) ?? day),
    previousOwnerId:
      moves && (current.ownerId ?? null) !== owner
        ? ((current.ownerId as Json | undefined) ?? null)
        : ((current.previousOwnerId as Json | undefined) ?? null),
  };
}

/** An account as the matcher reads it. */
export type AccountRow = Pick<StoredRecord, 'id' | 'externalId' | 'values'>;

/** Accounts the matcher could not settle alone, with the territories they may belong to. */
export interface Unsettled {
  id: string;
  candidates: string[];
  why: 'several territories match' | 'duplicate accounts disagree';
}

/**
 * Places accounts handed to it in any order, one page at a time, keeping no account: placed ones
 * get their owner at once and keep only their assignment fields; ones several territories match
 * are kept whole for the agent. `finish` then takes duplicates (one domain) placed apart back out.
 */
export class Placer {
  readonly placed = new Map<string, AccountOutcome>();
  readonly unmatched: string[] = [];
  excluded = 0;
  private readonly unsettled: (Unsettled & { values?: JsonObject })[] = [];
  private readonly byDomain = new Map<string, { territory: string; ids: string[]; split: boolean }>();

  constructor(
    private readonly compiled: CompiledTerritories,
    private readonly coverage: Coverage,
  ) {}

  add(a: AccountRow): void {
    const keys = a.externalId ? [a.id, a.externalId] : [a.id];
    const p = placeAccount(this.compiled, keys, a.values);
    if (p.kind === 'excluded') this.excluded++;
    else if (p.kind === 'unmatched') this.unmatched.push(a.id);
    else if (p.kind === 'ambiguous')
      this.unsettled.push({
        id: a.id,
        candidates: p.candidates,
        why: 'several territories match',
        values: a.values,
      });
    else {
      this.placed.set(a.id, {
        id: a.id,
        territory: p.territory,
        owner: ownerIn(this.coverage, p.territory, a.id, a.values.ownerId),
        current: assignmentOf(a.values),
      });
      const d = p.via === 'rule' ? duplicateKey(a.values) : undefined;
      if (d === undefined) return;
      const group = this.byDomain.get(d);
      if (!group) this.byDomain.set(d, { territory: p.territory, ids: [a.id], split: false });
      else {
        group.ids.push(a.id);
        group.split ||= group.territory !== p.territory;
      }
    }
  }

  /**
   * The accounts left for the agent once every one is in: the ambiguous ones (with their fields)
   * and duplicates placed apart (without: the caller reads them again, they are few).
   */
  finish(): (Unsettled & { values?: JsonObject })[] {
    const out = [...this.unsettled];
    for (const group of this.byDomain.values()) {
      if (!group.split) continue;
      const territories = [...new Set(group.ids.map((id) => this.placed.get(id)?.territory as string))];
      for (const id of group.ids) {
        this.placed.delete(id);
        out.push({ id, candidates: territories, why: 'duplicate accounts disagree' });
      }
    }
    this.byDomain.clear();
    return out;
  }
}

/** Places every account of an iterable at once (see Placer). */
export function placeAll(
  compiled: CompiledTerritories,
  coverage: Coverage,
  accounts: Iterable<AccountRow>,
): { placed: Map<string, AccountOutcome>; unsettled: Unsettled[]; excluded: number; unmatched: string[] } {
  const placer = new Placer(compiled, coverage);
  for (const a of accounts) placer.add(a);
  const unsettled = placer.finish().map(({ values: _, ...u }) => u);
  return { placed: placer.placed, unsettled, excluded: placer.excluded, unmatched: placer.unmatched };
}
