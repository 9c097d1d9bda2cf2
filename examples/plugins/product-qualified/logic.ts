import type { PqlConfig } from './config.js';
import type { ProductUsage } from './contract.js';

const DAY = 86_400_000;

/** One user of an account: when last seen, how many uses, and what signup said of them. */
export interface AccountUser {
  lastSeen: string;
  uses: number;
  name?: string;
  title?: string;
}

/** The rolling usage of one account, kept in a `usage` record between events. */
export interface AccountState {
  kind: 'pql-account';
  account: string;
  asOf: string;
  domain: string | null;
  workspaceIds: string[];
  plan: string;
  profile: { company?: string; country?: string; region?: string; employees?: number };
  /** Per feature: uses decayed to `asOf`, and all uses ever. */
  features: Record<string, { decayed: number; total: number }>;
  users: Record<string, AccountUser>;
  score: number;
  armed: boolean;
  pqls: number;
  lastPqlAt: string | null;
  leadId: string | null;
}

/** One contribution to the score. */
export interface Contribution {
  factor: string;
  value: number;
  points: number;
  reason: string;
  group: 'fit' | 'engagement';
}

/** A scored account. */
export interface Scored {
  score: number;
  fit: number;
  engagement: number;
  activeUsers: number;
  contributions: Contribution[];
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;
const decay = (ms: number, halfLifeDays: number) => 0.5 ** (ms / (halfLifeDays * DAY));

/** The company domain of a usage event: its domain, else the email's, unless a free-mail provider. */
export function companyDomain(config: PqlConfig, e: ProductUsage): string | null {
  const raw = (e.domain ?? e.email.split('@')[1] ?? '').trim().toLowerCase();
  if (raw === '' || config.accounts.freeMailDomains.includes(raw)) return null;
  return raw;
}

/** The account a usage event belongs to: its company domain, or its workspace. */
export function accountKey(config: PqlConfig, e: ProductUsage): string {
  const domain = companyDomain(config, e);
  return config.accounts.groupBy === 'domain' && domain ? domain : `workspace-${e.workspaceId}`;
}

function emptyState(account: string, e: ProductUsage): AccountState {
  return {
    kind: 'pql-account',
    account,
    asOf: e.occurredAt,
    domain: null,
    workspaceIds: [],
    plan: e.plan,
    profile: {},
    features: {},
    users: {},
    score: 0,
    armed: true,
    pqls: 0,
    lastPqlAt: null,
    leadId: null,
  };
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

/**
 * Adds one usage event to an account's state. Feature use decays exponentially: the state holds
 * each feature's uses decayed to the latest event time, so an event arriving late adds its uses
 * already decayed, and order of arrival does not change the result. Users not seen within the
 * active window are dropped, which keeps the state small.
 */
export function addUsage(
  config: PqlConfig,
  before: AccountState | null,
  account: string,
  e: ProductUsage,
  domain: string | null,
): AccountState {
  const s: AccountState = structuredClone(before ?? emptyState(account, e));
  const asOf = later(s.asOf, e.occurredAt);
  const h = config.recency.halfLifeDays;
  const shift = decay(Date.parse(asOf) - Date.parse(s.asOf), h);
  for (const f of Object.values(s.features)) f.decayed = round(f.decayed * shift, 6);
  const f = s.features[e.feature] ?? { decayed: 0, total: 0 };
  f.decayed = round(f.decayed + e.count * decay(Date.parse(asOf) - Date.parse(e.occurredAt), h), 6);
  f.total += e.count;
  s.features[e.feature] = f;
  const u = s.users[e.email] ?? { lastSeen: e.occurredAt, uses: 0 };
  u.lastSeen = later(u.lastSeen, e.occurredAt);
  u.uses += e.count;
  if (e.name) u.name = e.name;
  if (e.title) u.title = e.title;
  s.users[e.email] = u;
  const cutoff = Date.parse(asOf) - config.activeUsers.windowDays * DAY;
  for (const [email, user] of Object.entries(s.users))
    if (Date.parse(user.lastSeen) < cutoff) delete s.users[email];
  if (asOf === e.occurredAt) s.plan = e.plan;
  if (!s.workspaceIds.includes(e.workspaceId)) s.workspaceIds = [...s.workspaceIds, e.workspaceId].sort();
  s.domain = s.domain ?? domain;
  if (e.company) s.profile.company = e.company;
  if (e.country) s.profile.country = e.country;
  if (e.region) s.profile.region = e.region;
  if (typeof e.employees === 'number') s.profile.employees = e.employees;
  s.asOf = asOf;
  return s;
}

/** Scores an account's state: feature use, milestones, active users and plan, each a contribution. */
export function scoreAccount(config: PqlConfig, s: AccountState): Scored {
  const out: Contribution[] = [];
  for (const w of config.features) {
    const used = s.features[w.feature]?.decayed ?? 0;
    const raw = used * w.points;
    const points = round(Math.min(raw, w.maxPoints));
    const capped = raw > w.maxPoints ? `, capped at ${w.maxPoints}` : '';
    const reason = `${round(used)} recent uses × ${w.points}${capped}`;
    out.push({ factor: `feature:${w.feature}`, value: round(used), points, reason, group: 'engagement' });
  }
  for (const m of config.milestones) {
    const total = s.features[m.feature]?.total ?? 0;
    const reached = total >= m.atLeast;
    const reason = `${m.feature} used ${total} time(s) of the ${m.atLeast} it takes${reached ? '' : ': not reached'}`;
    out.push({
      factor: `milestone:${m.name}`,
      value: total,
      points: reached ? m.points : 0,
      reason,
      group: 'engagement',
    });
  }
  const cutoff = Date.parse(s.asOf) - config.activeUsers.windowDays * DAY;
  const active = Object.values(s.users).filter((u) => Date.parse(u.lastSeen) >= cutoff).length;
  const a = config.activeUsers;
  const userPoints = round(Math.min(active * a.pointsPerUser, a.maxPoints));
  out.push({
    factor: 'active-users',
    value: active,
    points: userPoints,
    reason: `${active} user(s) active in ${a.windowDays} days × ${a.pointsPerUser}, up to ${a.maxPoints}`,
    group: 'fit',
  });
  const planPoints = config.plans[s.plan] ?? 0;
  out.push({
    factor: 'plan',
    value: planPoints,
    points: planPoints,
    reason: s.plan in config.plans ? `plan ${s.plan}` : `plan ${s.plan} earns no points (not in plans)`,
    group: 'fit',
  });
  const sum = (g: Contribution['group']) =>
    round(out.filter((c) => c.group === g).reduce((t, c) => t + c.points, 0));
  const total = round(Math.min(sum('fit') + sum('engagement'), config.maxScore), 1);
  return {
    score: total,
    fit: sum('fit'),
    engagement: sum('engagement'),
    activeUsers: active,
    contributions: out,
  };
}

/** The grade of a score: the first band whose min it reaches (grades are highest first). */
export function gradeOf(config: PqlConfig, score: number): string | null {
  return config.grades.find((g) => score >= g.min)?.grade ?? null;
}

/** The largest positive contributions, in plain words. */
export function topReasons(scored: Scored, n = 3): string[] {
  return [...scored.contributions]
    .filter((c) => c.points > 0)
    .sort((a, b) => b.points - a.points || a.factor.localeCompare(b.factor))
    .slice(0, n)
    .map((c) => `${c.factor} +${c.points} (${c.reason})`);
}

/** The account's champion: the active user with the most uses (ties: the earliest email). */
export function champion(s: AccountState): [string, AccountUser] | undefined {
  return Object.entries(s.users).sort(([ea, a], [eb, b]) => b.uses - a.uses || ea.localeCompare(eb))[0];
}

/** Whole days between two instants, to one decimal. */
export function daysBetween(from: string, to: string): number {
  return round((Date.parse(to) - Date.parse(from)) / DAY, 1);
}
