import {
  type DesiredRecord,
  Interner,
  type Json,
  type JsonObject,
  type StoredRecord,
} from '../../kernel/index.js';
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

/** The assignment fields an account should have, keeping them as they are when nothing moves. */
function assignmentPatch(
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

/** An account placed by the plan: the patch of its assignment fields (territory, owner, since when). */
export type PlacedAccount = DesiredRecord & { kind: 'account' };

/**
 * The patch that places an account in a territory with an owner, as of `day`; the strings it keeps
 * from the account (a previous owner, an earlier day) are shared through `strings`.
 */
function placedAccount(
  id: string,
  values: JsonObject,
  territory: string,
  owner: string | null,
  day: string,
  strings: Interner,
): PlacedAccount {
  const patch = assignmentPatch(values, territory, owner, day);
  patch.previousOwnerId = strings.of(patch.previousOwnerId as Json);
  patch.assignedFrom = strings.of(patch.assignedFrom as Json);
  return { kind: 'account', id, values: patch };
}

/**
 * Places accounts handed to it in any order, one page at a time, keeping no account: placed ones
 * get their owner at once and keep only their patch (what the plan writes anyway); ones several
 * territories match are kept whole for the agent. `finish` then takes duplicates (one domain)
 * placed apart back out.
 */
export class Placer {
  readonly placed = new Map<string, PlacedAccount>();
  readonly unmatched: string[] = [];
  excluded = 0;
  private readonly unsettled: (Unsettled & { values?: JsonObject })[] = [];
  /** The first account placed by rule with each domain; the others with it, for the few that repeat. */
  private readonly firstOf = new Map<string, string>();
  private readonly othersOf = new Map<string, string[]>();
  /** Domains whose accounts were placed in different territories. */
  private readonly split = new Set<string>();
  private readonly strings = new Interner();

  /** `day`: the day a move takes effect, as the patches say it. */
  constructor(
    private readonly compiled: CompiledTerritories,
    private readonly coverage: Coverage,
    private readonly day: string,
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
      const owner = ownerIn(this.coverage, p.territory, a.id, a.values.ownerId);
      this.placed.set(a.id, placedAccount(a.id, a.values, p.territory, owner, this.day, this.strings));
      const d = p.via === 'rule' ? duplicateKey(a.values) : undefined;
      if (d === undefined) return;
      const first = this.firstOf.get(d);
      if (first === undefined) {
        this.firstOf.set(d, a.id);
        return;
      }
      const others = this.othersOf.get(d);
      if (others) others.push(a.id);
      else this.othersOf.set(d, [a.id]);
      if (this.placed.get(first)?.values.territoryId !== p.territory) this.split.add(d);
    }
  }

  /** Places an account the agent settled, with the owner its territory gives it. */
  settle(id: string, values: JsonObject, territory: string): void {
    const owner = ownerIn(this.coverage, territory, id, values.ownerId);
    this.placed.set(id, placedAccount(id, values, territory, owner, this.day, this.strings));
  }

  /**
   * The accounts left for the agent once every one is in: the ambiguous ones (with their fields)
   * and duplicates placed apart (without: the caller reads them again, they are few).
   */
  finish(): (Unsettled & { values?: JsonObject })[] {
    const out = [...this.unsettled];
    // Domains in the order their first accounts came.
    for (const [d, first] of this.firstOf) {
      if (!this.split.has(d)) continue;
      const ids = [first, ...(this.othersOf.get(d) ?? [])];
      const territories = [...new Set(ids.map((id) => this.placed.get(id)?.values.territoryId as string))];
      for (const id of ids) {
        this.placed.delete(id);
        out.push({ id, candidates: territories, why: 'duplicate accounts disagree' });
      }
    }
    this.firstOf.clear();
    this.othersOf.clear();
    this.split.clear();
    return out;
  }
}
