import type { JsonObject } from '../../kernel/index.js';
import { presenceOf, type SkipCode } from './availability.js';
import type { Pool, Strategy } from './pool-config.js';

/** What a pool knows of one member when it picks: their record and their current load. */
export interface MemberFacts {
  userId: string;
  /** The user record's fields, or null when there is none. */
  user: JsonObject | null;
  /** Leads this pool gave the member on their local today (counted from lead records). */
  assignedToday: number;
  /** Open tasks assigned to the member, compared with the user's `capacity`. */
  openTasks: number;
  /** Open opportunities the member owns (fewest-open-opportunities only). */
  openOpportunities: number;
}

/** A pool's rotation state, kept in a pool record so every worker and every replay sees the same. */
export interface PoolState {
  /** Who got the pool's last lead. */
  lastAssigned: string | null;
  /** Leads the pool has handed out. */
  turns: number;
  /** Weighted pools: each member's running credit (smooth weighted round robin). */
  credits: Record<string, number>;
}

/** A pool that has handed out nothing yet. */
export const FRESH_STATE: PoolState = { lastAssigned: null, turns: 0, credits: {} };

/** One member as the pool saw them: taken into account, or skipped and why. */
interface CandidateCheck {
  user: string;
  available: boolean;
  code?: SkipCode;
  reason: string;
  /** Their load as the strategy compares it (open opportunities, or leads today). */
  load?: number;
  /** Their target weight (1 unless the pool is weighted). */
  weight: number;
}

/** What a pool picked, everyone it considered, and its state after the pick. */
export interface PoolChoice {
  pool: string;
  strategy: Strategy;
  chosen: string | null;
  reason: string;
  candidates: CandidateCheck[];
  state: PoolState;
}

/** The planned ramp factor on a date, from the schedule design handed over (1 when there is none). */
export function plannedFactor(user: JsonObject | null, date: string): number {
  const planned = user?.plannedCapacity;
  if (planned === null || typeof planned !== 'object' || Array.isArray(planned)) return 1;
  const schedule = (planned as { schedule?: unknown }).schedule;
  if (!Array.isArray(schedule)) return 1;
  let factor = 1;
  for (const step of schedule) {
    if (step === null || typeof step !== 'object' || Array.isArray(step)) continue;
    const { from, factor: f } = step as { from?: unknown; factor?: unknown };
    if (typeof from === 'string' && typeof f === 'number' && from <= date) factor = f;
  }
  return factor;
}

/**
 * The daily cap that applies to a member on their local date: their own (`caps`), else the pool's
 * `capPerDay`, which a pool with `capFromPlan` scales by the member's planned ramp (at least one
 * lead a day once they have started). Undefined: no cap.
 */
export function capOf(
  pool: Pool,
  user: string,
  record: JsonObject | null = null,
  date = '',
):
  | { cap: number /** How a planned ramp scaled it, for the trace ('' when it did not). */; why: string }
  | undefined {
  const own = pool.caps?.[user];
  if (own !== undefined) return { cap: own, why: '' };
  if (pool.capPerDay === undefined) return undefined;
  if (!pool.capFromPlan) return { cap: pool.capPerDay, why: '' };
  const factor = plannedFactor(record, date);
  if (factor >= 1) return { cap: pool.capPerDay, why: '' };
  const cap = factor <= 0 ? 0 : Math.max(1, Math.round(pool.capPerDay * factor));
  return { cap, why: `: capPerDay ${pool.capPerDay} × planned ramp ${factor}` };
}

/** A member's target weight: their weight in a weighted pool, else 1. */
export function weightOf(pool: Pool, user: string): number {
  return pool.strategy === 'weighted' ? (pool.weights?.[user] ?? 0) : 1;
}

/** Checks one member: excluded, not present (see presenceOf), at their daily cap, or at capacity. */
function check(
  pool: Pool,
  f: MemberFacts,
  now: Date,
  defaultTimezone: string,
  exclude: ReadonlyMap<string, string>,
): CandidateCheck {
  const weight = weightOf(pool, f.userId);
  const skip = (code: SkipCode, reason: string): CandidateCheck => ({
    user: f.userId,
    available: false,
    code,
    reason,
    weight,
  });
  const why = exclude.get(f.userId);
  if (why !== undefined) return skip('excluded', why);
  const presence = presenceOf(f.user, now, { defaultTimezone, workingHours: pool.workingHours });
  if (!presence.ok) return skip(presence.code, presence.reason);
  const cap = capOf(pool, f.userId, f.user, presence.local.date);
  if (cap !== undefined && f.assignedToday >= cap.cap)
    return skip('daily-cap', `at the daily cap (${f.assignedToday} of ${cap.cap} today${cap.why})`);
  const capacity = f.user?.capacity;
  if (typeof capacity === 'number' && f.openTasks >= capacity)
    return skip('capacity', `at capacity (${f.openTasks} open tasks of ${capacity})`);
  const load = pool.strategy === 'fewest-open-opportunities' ? f.openOpportunities : f.assignedToday;
  const what = pool.strategy === 'fewest-open-opportunities' ? 'open opportunities' : 'leads today';
  return { user: f.userId, available: true, reason: `available (${load} ${what})`, load, weight };
}

const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/**
 * Picks the member who gets the next lead. Pure: the members' records and loads, the pool's
 * rotation state and the instant come in; the pick and the next state go out.
 *
 * - round-robin: the first available member after the last one picked, in member order.
 * - fewest-open-opportunities: the fewest open opportunities; ties go to fewer leads today,
 *   then to turn order (never to seniority or record age).
 * - weighted: smooth weighted round robin over the available members: each gains its weight,
 *   the highest credit is picked and pays back the available total. Absent members neither gain
 *   nor lose, so they come back level.
 *
 * Nobody available: `chosen` is null and the state is unchanged.
 */
export function choosePoolMember(
  name: string,
  pool: Pool,
  facts: readonly MemberFacts[],
  state: PoolState,
  now: Date,
  options: { defaultTimezone: string; exclude?: ReadonlyMap<string, string> },
): PoolChoice {
  const exclude = options.exclude ?? new Map<string, string>();
  const candidates = facts.map((f) => check(pool, f, now, options.defaultTimezone, exclude));
  const n = pool.members.length;
  const last = state.lastAssigned === null ? -1 : pool.members.indexOf(state.lastAssigned);
  const start = last >= 0 ? last + 1 : state.turns % n;
  const turn = (user: string) => (pool.members.indexOf(user) - start + n) % n;
  const open = candidates.filter((c) => c.available).sort((a, b) => turn(a.user) - turn(b.user));
  const base = { pool: name, strategy: pool.strategy, candidates };
  if (open.length === 0) return { ...base, chosen: null, reason: 'no member is available', state };
  if (pool.strategy === 'weighted') return weighted(base, open, state);
  let pick = open[0] as CandidateCheck;
  let reason = `next in turn after ${state.lastAssigned ?? '(none yet)'}`;
  if (pool.strategy === 'fewest-open-opportunities') {
    const byLoad = (c: CandidateCheck) => facts.find((f) => f.userId === c.user) as MemberFacts;
    pick = [...open].sort(
      (a, b) =>
        byLoad(a).openOpportunities - byLoad(b).openOpportunities ||
        byLoad(a).assignedToday - byLoad(b).assignedToday ||
        turn(a.user) - turn(b.user),
    )[0] as CandidateCheck;
    const others = open.filter((c) => c !== pick).map((c) => `${c.user} ${c.load}`);
    reason = `fewest open opportunities: ${pick.load}${others.length ? ` (others: ${others.join(', ')})` : ''}`;
  }
  const next = { lastAssigned: pick.user, turns: state.turns + 1, credits: state.credits };
  return { ...base, chosen: pick.user, reason, state: next };
}

function weighted(
  base: Pick<PoolChoice, 'pool' | 'strategy' | 'candidates'>,
  open: readonly CandidateCheck[],
  state: PoolState,
): PoolChoice {
  const credits = { ...state.credits };
  const total = open.reduce((s, c) => s + c.weight, 0);
  let pick = open[0] as CandidateCheck;
  for (const c of open) {
    credits[c.user] = round9((credits[c.user] ?? 0) + c.weight);
    if ((credits[c.user] ?? 0) > (credits[pick.user] ?? 0)) pick = c;
  }
  credits[pick.user] = round9((credits[pick.user] ?? 0) - total);
  const reason = `weighted turn: weight ${pick.weight} of ${total} available`;
  return {
    ...base,
    chosen: pick.user,
    reason,
    state: { lastAssigned: pick.user, turns: state.turns + 1, credits },
  };
}

/** Reads a pool's rotation state from its state record's fields (missing or malformed: fresh). */
export function poolStateOf(values: JsonObject | null | undefined): PoolState {
  if (!values) return FRESH_STATE;
  const credits: Record<string, number> = {};
  const raw = values.credits;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw))
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number') credits[k] = v;
  return {
    lastAssigned: typeof values.lastAssigned === 'string' ? values.lastAssigned : null,
    turns: typeof values.turns === 'number' ? values.turns : 0,
    credits,
  };
}

/**
 * How many more leads the pool can place now: the room each available member has under their
 * daily cap and their capacity, summed (Infinity when an available member has neither). Pure.
 */
export function roomIn(
  pool: Pool,
  facts: readonly MemberFacts[],
  now: Date,
  defaultTimezone: string,
): number {
  let room = 0;
  for (const f of facts) {
    if (!check(pool, f, now, defaultTimezone, new Map()).available) continue;
    const presence = presenceOf(f.user, now, { defaultTimezone, workingHours: pool.workingHours });
    const cap = presence.ok ? capOf(pool, f.userId, f.user, presence.local.date)?.cap : undefined;
    const capacity = typeof f.user?.capacity === 'number' ? f.user.capacity : undefined;
    room += Math.min(
      cap === undefined ? Number.POSITIVE_INFINITY : cap - f.assignedToday,
      capacity === undefined ? Number.POSITIVE_INFINITY : capacity - f.openTasks,
    );
  }
  return room;
}
