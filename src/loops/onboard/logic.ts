import type { OnboardConfig, Plan } from './config.js';
import type { OnboardingState } from './state.js';

/** A day in milliseconds. */
export const DAY = 86_400_000;

/** The statuses from best to worst. */
const ORDER = ['on-track', 'at-risk', 'late'] as const;
type Status = (typeof ORDER)[number];

/** One signal's reading. */
interface SignalReading {
  signal: string;
  status: Status;
  value: number | string | null;
  reason: string;
  owner: string | null;
}

/** What the evaluator made of one customer. */
export interface Evaluation {
  status: Status | 'onboarded';
  day: number;
  waitedDays: number;
  signals: SignalReading[];
  /** Signals whose status changed since the last evaluation. */
  moved: string[];
  owner: string | null;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Days waited on the customer so far, the wait in progress included. */
function waitedDays(s: OnboardingState, now: number): number {
  const current = s.waitingSince ? Math.max(0, (now - Date.parse(s.waitingSince)) / DAY) : 0;
  return s.waitedDays + current;
}

function milestoneSignal(
  m: OnboardingState['milestones'][number],
  shiftMs: number,
  now: number,
  c: OnboardConfig['status'],
): SignalReading {
  const signal = `milestone:${m.name}`;
  if (m.doneAt)
    return {
      signal,
      status: 'on-track',
      value: m.doneAt,
      reason: `done ${m.doneAt.slice(0, 10)}`,
      owner: null,
    };
  const due = Date.parse(m.dueAt) + shiftMs;
  const overdue = round((now - due) / DAY);
  const dueOn = new Date(due).toISOString().slice(0, 10);
  if (overdue > c.lateAfterDays)
    return {
      signal,
      status: 'late',
      value: overdue,
      reason: `${overdue} days overdue (due ${dueOn}; late after ${c.lateAfterDays})`,
      owner: m.assignee,
    };
  if (overdue > 0)
    return {
      signal,
      status: 'at-risk',
      value: overdue,
      reason: `${overdue} days overdue (due ${dueOn})`,
      owner: m.assignee,
    };
  if (-overdue <= c.dueSoonDays)
    return {
      signal,
      status: 'at-risk',
      value: overdue,
      reason: `due ${dueOn}, within ${c.dueSoonDays} days`,
      owner: m.assignee,
    };
  return { signal, status: 'on-track', value: overdue, reason: `due ${dueOn}`, owner: null };
}

/** The ramp target in force on a day: the latest target per metric whose day has come. */
function rampTargets(plan: Plan, day: number): Map<string, { day: number; target: number }> {
  const out = new Map<string, { day: number; target: number }>();
  for (const r of plan.ramp) {
    const cur = out.get(r.metric);
    if (r.day <= day && (!cur || r.day >= cur.day)) out.set(r.metric, { day: r.day, target: r.target });
  }
  return out;
}

function rampSignals(
  plan: Plan,
  day: number,
  usage: ReadonlyMap<string, number>,
  tolerance: number,
): SignalReading[] {
  return [...rampTargets(plan, day)].map(([metric, t]) => {
    const have = usage.get(metric) ?? 0;
    const floor = t.target * tolerance;
    const ok = have >= floor;
    return {
      signal: `ramp:${metric}`,
      status: ok ? 'on-track' : 'at-risk',
      value: have,
      reason: `${metric} ${have} vs target ${t.target} by day ${t.day}${ok ? '' : ` (below ${Math.round(tolerance * 100)}%)`}`,
      owner: null,
    };
  });
}

/** Whether the exit criteria hold: the named milestones (or all) done, and every adoption threshold met. */
function exitMet(plan: Plan, s: OnboardingState, usage: ReadonlyMap<string, number>): boolean {
  const need = plan.exit.milestones.length > 0 ? new Set(plan.exit.milestones) : null;
  const milestones = s.milestones.filter((m) => !need || need.has(m.name));
  return (
    milestones.every((m) => m.doneAt) && plan.exit.usage.every((u) => (usage.get(u.metric) ?? 0) >= u.min)
  );
}

/**
 * Grades one onboarding customer: each milestone against its target (shifted by the time spent
 * waiting on the customer when config pauses timers) and the latest usage against the ramp target
 * in force; the worst signal sets the status, and met exit criteria make it onboarded.
 */
export function evaluate(
  config: OnboardConfig,
  plan: Plan,
  s: OnboardingState,
  usage: ReadonlyMap<string, number>,
  now: number,
): Evaluation {
  const waited = config.pauseWhileWaiting ? waitedDays(s, now) : 0;
  const day = round((now - Date.parse(s.startedAt)) / DAY - waited);
  const signals = [
    ...s.milestones.map((m) => milestoneSignal(m, waited * DAY, now, config.status)),
    ...rampSignals(plan, day, usage, config.status.rampTolerance),
  ];
  const moved = signals.filter((g) => (s.signals[g.signal] ?? 'on-track') !== g.status).map((g) => g.signal);
  if (exitMet(plan, s, usage))
    return { status: 'onboarded', day, waitedDays: round(waited), signals, moved, owner: null };
  let status: Status = 'on-track';
  for (const g of signals) if (ORDER.indexOf(g.status) > ORDER.indexOf(status)) status = g.status;
  const owner = signals.find((g) => g.status === status && g.owner)?.owner ?? null;
  return { status, day, waitedDays: round(waited), signals, moved, owner };
}
