import type { Random } from '../kernel/index.js';
import type { Segment } from './firmographics.js';
import { COUNTRIES_BY_REGION, type Region } from './geography.js';
import { asciiSlug, displayName, NAMES } from './names.js';
import { chance, pickWeighted, streamRandom, type Weighted, weighted } from './random.js';
import type { SampleUser, UserRole } from './types.js';

const USER_STREAM = 2;
const DAY_MS = 86_400_000;

/** A sales team: a region and a segment, with its share of the reps. */
interface Team {
  id: string;
  name: string;
  region: Region;
  segment: Segment;
  weight: number;
}

const T = (region: Region, segment: Segment, weight: number): Team => ({
  id: `team_${region.toLowerCase()}_${segment.toLowerCase()}`,
  name: `${region} ${segment}`,
  region,
  segment,
  weight,
});

/** Teams in the order a growing company opens them; a small roster uses the first few. */
const TEAMS: readonly Team[] = [
  T('NA', 'Commercial', 0.2),
  T('NA', 'Enterprise', 0.14),
  T('NA', 'SMB', 0.12),
  T('EMEA', 'Commercial', 0.12),
  T('EMEA', 'Enterprise', 0.08),
  T('APAC', 'Commercial', 0.07),
  T('EMEA', 'SMB', 0.06),
  T('LATAM', 'Commercial', 0.05),
  T('APAC', 'Enterprise', 0.05),
  T('APAC', 'SMB', 0.04),
  T('LATAM', 'SMB', 0.04),
  T('LATAM', 'Enterprise', 0.03),
];

const ROLE_MIX: Readonly<Record<Segment, Weighted<UserRole>>> = {
  SMB: weighted([
    ['sdr', 0.4],
    ['ae', 0.4],
    ['csm', 0.15],
    ['se', 0.05],
  ]),
  Commercial: weighted([
    ['sdr', 0.35],
    ['ae', 0.35],
    ['am', 0.1],
    ['csm', 0.1],
    ['se', 0.1],
  ]),
  Enterprise: weighted([
    ['sdr', 0.25],
    ['ae', 0.35],
    ['am', 0.15],
    ['csm', 0.12],
    ['se', 0.13],
  ]),
};

const ROLE_TITLES: Readonly<Record<Exclude<UserRole, 'manager'>, string>> = {
  sdr: 'Sales Development Representative',
  ae: 'Account Executive',
  am: 'Account Manager',
  csm: 'Customer Success Manager',
  se: 'Solutions Engineer',
};

/** Capacity ranges per role: [min, max, step]. */
const CAPACITY: Readonly<Record<UserRole, readonly [number, number, number]>> = {
  manager: [0, 0, 1],
  sdr: [60, 120, 10],
  ae: [15, 35, 5],
  am: [40, 90, 10],
  csm: [20, 50, 5],
  se: [8, 20, 2],
};

/** The teams a roster of `reps` users is split into: one team per eight users, at most twelve. */
function activeTeams(reps: number): readonly Team[] {
  return TEAMS.slice(0, Math.max(1, Math.min(TEAMS.length, Math.floor(reps / 8))));
}

/** The id of user number `index` (0-based). */
function userId(index: number): string {
  return `usr_${String(index + 1).padStart(4, '0')}`;
}

function pickInt(rng: Random, [min, max, step]: readonly [number, number, number]): number {
  return min + step * Math.floor(rng.next() * ((max - min) / step + 1));
}

/**
 * User number `index`, the same every time for the same seed: the first user of each active team is its
 * manager; everyone else joins a team by its weight and takes a role by the team's segment.
 */
function userAt(seed: number, index: number, reps: number, asOf: number, sellerDomain: string): SampleUser {
  const rng = streamRandom(seed, USER_STREAM, index);
  const teams = activeTeams(reps);
  const isManager = index < teams.length;
  const team = isManager
    ? (teams[index] as Team)
    : pickWeighted(rng, weighted(teams.map((t) => [t, t.weight] as const)));
  const role: UserRole = isManager ? 'manager' : pickWeighted(rng, ROLE_MIX[team.segment]);
  const country = pickWeighted(rng, COUNTRIES_BY_REGION[team.region]);
  const names = NAMES[chance(rng, 0.8) ? country.names : 'anglo'];
  const firstName = displayName(rng.pick(names.first));
  const lastName = displayName(rng.pick(names.last));
  const tenureDays = Math.min(6 * 365, Math.round(-Math.log(1 - rng.next()) * (isManager ? 900 : 550)));
  const startDate = new Date(asOf - tenureDays * DAY_MS).toISOString().slice(0, 10);
  // New hires are ramping: half their eventual capacity for the first quarter.
  const full = pickInt(rng, CAPACITY[role]);
  const capacity = tenureDays < 90 ? Math.round(full / 2) : full;
  const title = isManager
    ? `${team.segment === 'Enterprise' ? 'Director' : 'Manager'}, ${team.name} Sales`
    : `${team.segment === 'Enterprise' && role === 'ae' ? 'Enterprise ' : ''}${ROLE_TITLES[role as Exclude<UserRole, 'manager'>]}`;
  const managerIndex = teams.indexOf(team);
  const local = `${asciiSlug(firstName)}.${asciiSlug(lastName)}`;
  return {
    id: userId(index),
    email: `${local}@${sellerDomain}`,
    firstName,
    lastName,
    name: `${firstName} ${lastName}`,
    title,
    role,
    teamId: team.id,
    team: team.name,
    segment: team.segment,
    region: team.region,
    country: country.code,
    timezone: rng.pick(country.timezones),
    capacity,
    managerId: isManager || managerIndex < 0 ? null : userId(managerIndex),
    startDate,
    active: isManager || !chance(rng, 0.03),
  };
}

/** Every user in order, with addresses made unique (a second Maria Garcia becomes maria.garcia2). */
export function* generateUsers(
  seed: number,
  reps: number,
  asOf: number,
  sellerDomain: string,
): Generator<SampleUser> {
  const seen = new Map<string, number>();
  for (let i = 0; i < reps; i++) {
    const user = userAt(seed, i, reps, asOf, sellerDomain);
    const n = (seen.get(user.email) ?? 0) + 1;
    seen.set(user.email, n);
    yield n === 1 ? user : { ...user, email: user.email.replace('@', `${n}@`) };
  }
}

/** Who may own accounts, per region: account managers and AEs (enterprise teams first). */
export interface OwnerPool {
  accountManagers: Readonly<Record<Region, readonly string[]>>;
  enterpriseAes: Readonly<Record<Region, readonly string[]>>;
  anyAe: readonly string[];
}

/** The owners accounts are assigned from, built from the roster (small: one entry per user). */
export function ownerPool(seed: number, reps: number, asOf: number): OwnerPool {
  const am: Record<Region, string[]> = { NA: [], EMEA: [], APAC: [], LATAM: [] };
  const ae: Record<Region, string[]> = { NA: [], EMEA: [], APAC: [], LATAM: [] };
  const anyAe: string[] = [];
  for (let i = 0; i < reps; i++) {
    const u = userAt(seed, i, reps, asOf, 'x');
    if (!u.active) continue;
    if (u.role === 'am') am[u.region].push(u.id);
    if (u.role === 'ae') {
      anyAe.push(u.id);
      if (u.segment === 'Enterprise') ae[u.region].unshift(u.id);
      else ae[u.region].push(u.id);
    }
  }
  return { accountManagers: am, enterpriseAes: ae, anyAe };
}
