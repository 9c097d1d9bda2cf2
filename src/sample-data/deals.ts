import type { Random } from '../kernel/index.js';
import { accountId } from './accounts.js';
import { isoTime } from './iso-time.js';
import { chance, normal, streamRandom } from './random.js';

const DEAL_STREAM = 9;
const DAY = 86_400_000;
/** The open stages a deal moves through, in order. */
const DEAL_STAGES = ['Discovery', 'Proposal', 'Negotiation'] as const;

/** An opportunity with its history: a line of opportunities.jsonl. */
export interface SampleDeal {
  externalId: string;
  name: string;
  accountId: string;
  ownerId: string;
  amount: number;
  stage: string;
  /** open, won or lost. */
  outcome: 'open' | 'won' | 'lost';
  sqoAt: string;
  closeDate: string;
  closedAt: string | null;
  lastActivityAt: string | null;
  stageEnteredAt: string | null;
  contactCount: number;
  /** Times the close date moved out so far (open deals only: a CRM's field history). */
  closeDatePushes: number | null;
  /** Days in each stage passed through (closed deals). */
  stageDays: Record<string, number> | null;
}

/** An activity on a deal: a line of activities.jsonl. */
export interface SampleDealActivity {
  externalId: string;
  subject: string;
  type: 'call' | 'email' | 'meeting';
  occurredAt: string;
}

const TYPES = ['call', 'email', 'meeting'] as const;
const exp = (rng: Random, mean: number) => -Math.log(1 - rng.next()) * mean;

/**
 * One deal and its activities. A hidden health drives everything the evaluator can see: healthy
 * deals have frequent activity, more contacts and quicker stages, and win more often; lost deals
 * go quiet before they close. Deals still open at `asOf` keep only what happened by then.
 */
export function dealAt(
  seed: number,
  i: number,
  asOf: number,
  days: number,
  owners: readonly string[],
  accounts: number,
): { deal: SampleDeal; activities: SampleDealActivity[] } {
  const rng = streamRandom(seed, DEAL_STREAM, i);
  const health = rng.next();
  const id = `opp_${String(i + 1).padStart(6, '0')}`;
  const sqo = asOf - Math.floor(rng.next() * days * DAY);
  const amount = Math.round(Math.exp(10 + 0.8 * normal(rng) + health * 0.3) / 100) * 100;
  const won = chance(rng, 0.15 + 0.6 * health);
  const gap = 2 + (1 - health) ** 2 * 20;
  const stageDays: Record<string, number> = {};
  let t = sqo;
  let reached = 0;
  const lastStage = won ? DEAL_STAGES.length : 1 + Math.floor(rng.next() * DEAL_STAGES.length);
  for (let s = 0; s < lastStage; s++) {
    const d = Math.max(1, Math.round(exp(rng, 8 + (1 - health) * 20)));
    stageDays[DEAL_STAGES[s] as string] = d;
    t += d * DAY;
    reached = s;
  }
  // A deal that will be lost goes quiet for weeks before anyone marks it lost.
  const closedAt = won ? t : t + (10 + exp(rng, 25)) * DAY;
  const activities: SampleDealActivity[] = [];
  const activityEnd = won ? closedAt : t;
  for (let a = sqo + exp(rng, gap) * DAY; a < Math.min(activityEnd, asOf); a += exp(rng, gap) * DAY)
    activities.push({
      externalId: `${id}-act-${activities.length + 1}`,
      subject: `opportunity:${id}`,
      type: TYPES[Math.floor(rng.next() * 3)] ?? 'email',
      occurredAt: isoTime(Math.round(a)),
    });
  const open = closedAt > asOf;
  let stage = DEAL_STAGES[reached] as string;
  let entered = sqo;
  for (const [name, d] of Object.entries(stageDays)) {
    if (entered + d * DAY > asOf) {
      stage = name;
      break;
    }
    entered += d * DAY;
    stage = name;
  }
  const pushes = open ? Math.max(0, Math.round(normal(rng) + (1 - health) * 2)) : null;
  // The close date the rep keeps: planned at SQO, moved out a fortnight per push.
  const expected = open ? sqo + (30 + lastStage * 12 + (pushes ?? 0) * 14) * DAY : closedAt;
  return {
    deal: {
      externalId: id,
      name: `Deal ${i + 1}`,
      accountId: accountId(Math.floor(rng.next() * Math.max(1, accounts))),
      ownerId: owners[i % Math.max(1, owners.length)] ?? 'unassigned',
      amount,
      stage,
      outcome: open ? 'open' : won ? 'won' : 'lost',
      sqoAt: isoTime(Math.round(sqo)),
      closeDate: isoTime(Math.round(expected)).slice(0, 10),
      closedAt: open ? null : isoTime(Math.round(closedAt)),
      lastActivityAt: activities.at(-1)?.occurredAt ?? null,
      stageEnteredAt: open ? isoTime(Math.round(entered)) : null,
      contactCount: Math.max(1, Math.round(1 + health * 3 + normal(rng) * 0.7)),
      closeDatePushes: pushes,
      stageDays: open ? null : stageDays,
    },
    activities,
  };
}
