import { type JsonObject, parseInstant } from '../../kernel/index.js';
import type { PursueConfig } from './config.js';

/** A milestone task the loop created for a deal, as kept on the opportunity. */
interface PlannedMilestone {
  name: string;
  taskId: string;
  dueAt: string;
}

/** Whether a deal is still open, and how it ended otherwise. */
type Outcome = 'open' | 'won' | 'lost';

/** The facts of an opportunity the evaluator reads, normalised from its record. */
export interface Deal {
  id: string;
  stage: string;
  amount: number | null;
  ownerId: string | null;
  accountId: string | null;
  outcome: Outcome;
  /** When the deal became an SQO (engage date), in ms. */
  engagedAt: number | null;
  closeDate: number | null;
  /** When the deal closed (closedAt, else its close date once closed), in ms. */
  closedAt: number | null;
  lastActivityAt: number | null;
  stageEnteredAt: number | null;
  contacts: number | null;
  /** Times the close date moved out: the CRM's count plus the moves this loop saw. */
  pushes: number;
  play: string | null;
  milestones: readonly PlannedMilestone[];
  /** Days spent in each stage, for won deals whose history is known. */
  stageDays: Readonly<Record<string, number>> | null;
  /** The loop's own state on the deal. */
  state: {
    riskKey: string | null;
    riskLevel: string | null;
    lastCloseDate: number | null;
    nudges: number;
    ignored: number;
    lastNudgeAt: number | null;
    /** Whether the loop already recorded the deal's close. */
    closedSeen: boolean;
    /** Close-date pushes this loop saw (part of `pushes`). */
    pushes: number;
  };
}

/** Milliseconds in a day. */
export const DAY = 86_400_000;

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const num = (v: unknown): number | null => {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
};
const time = (v: unknown): number | null => {
  const s = str(v);
  if (s === null) return null;
  const t = parseInstant(s);
  return Number.isNaN(t) ? null : t;
};
const first = (values: JsonObject, fields: readonly string[]): unknown => {
  for (const f of fields)
    if (values[f] !== undefined && values[f] !== null && values[f] !== '') return values[f];
  return undefined;
};

/** Lower-cased won and lost values, built once per config. */
export interface OutcomeWords {
  won: ReadonlySet<string>;
  lost: ReadonlySet<string>;
}

/** The won and lost words of a config, lower-cased. */
export function outcomeWords(config: Readonly<PursueConfig>): OutcomeWords {
  return {
    won: new Set(config.outcomes.won.map((w) => w.toLowerCase())),
    lost: new Set(config.outcomes.lost.map((w) => w.toLowerCase())),
  };
}

/** Open, won or lost, from the deal's outcome, status or stage field (the first that says closed). */
function outcomeOf(values: JsonObject, words: OutcomeWords): Outcome {
  for (const f of ['outcome', 'status', 'stage']) {
    const v = values[f];
    if (typeof v !== 'string') continue;
    const w = v.toLowerCase();
    if (words.won.has(w)) return 'won';
    if (words.lost.has(w)) return 'lost';
  }
  return 'open';
}

function milestonesOf(v: unknown): PlannedMilestone[] {
  if (!Array.isArray(v)) return [];
  return v.filter(
    (m): m is PlannedMilestone =>
      typeof m === 'object' && m !== null && typeof m.taskId === 'string' && typeof m.dueAt === 'string',
  );
}

function stageDaysOf(v: unknown): Record<string, number> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, number> = {};
  for (const [k, d] of Object.entries(v)) if (typeof d === 'number') out[k] = d;
  return out;
}

/** Reads an opportunity record into the facts the evaluator uses; unknown fields stay null. */
export function dealOf(id: string, values: JsonObject, words: OutcomeWords): Deal {
  const outcome = outcomeOf(values, words);
  const closeDate = time(values.closeDate);
  const contactIds = values.contactIds;
  return {
    id,
    stage: str(values.stage) ?? 'unknown',
    amount: num(values.amount),
    ownerId: str(values.ownerId),
    accountId: str(values.accountId),
    outcome,
    engagedAt: time(first(values, ['sqoAt', 'engagedAt', 'engageDate', 'createdAt'])),
    closeDate,
    closedAt: time(values.closedAt) ?? (outcome === 'open' ? null : closeDate),
    lastActivityAt: time(values.lastActivityAt),
    stageEnteredAt: time(values.stageEnteredAt),
    contacts: num(values.contactCount) ?? (Array.isArray(contactIds) ? contactIds.length : null),
    pushes: (num(values.closeDatePushes) ?? 0) + (num(values.pursuePushes) ?? 0),
    play: str(values.pursuePlay),
    milestones: milestonesOf(values.pursueMilestones),
    stageDays: stageDaysOf(values.stageDays),
    state: {
      riskKey: str(values.pursueRiskKey),
      riskLevel: str(values.pursueRiskLevel),
      lastCloseDate: time(values.pursueLastCloseDate),
      nudges: num(values.pursueNudges) ?? 0,
      ignored: num(values.pursueIgnored) ?? 0,
      lastNudgeAt: time(values.pursueLastNudgeAt),
      closedSeen: values.pursueClosed === true,
      pushes: num(values.pursuePushes) ?? 0,
    },
  };
}

/**
 * Whether a deal was open at an instant: no outcome yet, or (replaying history with --as-of) it
 * was engaged by then and closed only later.
 */
export function openAt(deal: Deal, now: number): boolean {
  if (deal.engagedAt !== null && deal.engagedAt > now) return false;
  if (deal.outcome === 'open') return true;
  return deal.closedAt !== null && deal.closedAt > now;
}

/**
 * The deal as it stood at `now` when its record is newer (replaying history): the last activity
 * by then from its activity times, and no stage entry date from the future.
 */
export function dealAsOf(deal: Deal, now: number, activityTimes: readonly number[]): Deal {
  let last: number | null = null;
  for (const t of activityTimes) if (t <= now && (last === null || t > last)) last = t;
  return {
    ...deal,
    lastActivityAt: last,
    stageEnteredAt: deal.stageEnteredAt !== null && deal.stageEnteredAt > now ? null : deal.stageEnteredAt,
  };
}

/** Whether the record knows things after `now`, so the evaluator must look at the deal as of then. */
export function newerThan(deal: Deal, now: number): boolean {
  return (
    (deal.outcome !== 'open' && deal.closedAt !== null && deal.closedAt > now) ||
    (deal.lastActivityAt ?? 0) > now
  );
}

/**
 * The deal as a history pass sees it: without the loop's own state, which later live runs wrote
 * (risk, nudges, ignored nudges, the close already recorded), so a past instant is assessed afresh
 * and a nudge of today is never read as ignored back then.
 */
export function withoutLoopState(deal: Deal): Deal {
  return {
    ...deal,
    pushes: deal.pushes - deal.state.pushes,
    state: {
      riskKey: null,
      riskLevel: null,
      lastCloseDate: null,
      nudges: 0,
      ignored: 0,
      lastNudgeAt: null,
      closedSeen: false,
      pushes: 0,
    },
  };
}
