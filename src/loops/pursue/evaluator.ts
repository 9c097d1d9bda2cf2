import type { JsonObject } from '../../kernel/index.js';
import type { DealClosed, DealRisk } from './contract.js';
import { DAY, type Deal, openAt } from './deal.js';
import { type Assessment, assessDeal, type EvalEnv, type RiskLevel } from './signals.js';

const RANK: Readonly<Record<RiskLevel, number>> = { unscored: 0, low: 1, medium: 2, high: 3 };

/** What the evaluator decided about one deal: fields to write and the per-deal decision to hand on. */
export interface Verdict {
  assessment: Assessment | null;
  /** Fields to patch on the opportunity, or null when nothing changed. */
  patch: JsonObject | null;
  /** A live pass hands it on as it is; a history pass marks it `history`. */
  risk: Omit<DealRisk, 'history'> | null;
  closed: DealClosed | null;
}

const NOTHING: Verdict = { assessment: null, patch: null, risk: null, closed: null };
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());
const days = (from: number | null, to: number | null) =>
  from === null || to === null ? null : Math.round(((to - from) / DAY) * 10) / 10;

function closedVerdict(deal: Deal, play: string | null): Verdict {
  if (deal.outcome === 'open' || deal.state.closedSeen || deal.state.riskLevel === null) return NOTHING;
  return {
    assessment: null,
    patch: { pursueClosed: true },
    risk: null,
    closed: {
      kind: 'pursue.deal-closed',
      opportunityId: deal.id,
      accountId: deal.accountId,
      ownerId: deal.ownerId,
      amount: deal.amount,
      outcome: deal.outcome,
      play,
      stage: deal.stage,
      riskLevel: deal.state.riskLevel,
      staleDays: days(deal.lastActivityAt, deal.closedAt),
      cycleDays: days(deal.engagedAt, deal.closedAt),
      closedAt: iso(deal.closedAt),
    },
  };
}

/**
 * One deal, O(1): a deal closed since the last run is recorded once (its last risk level against
 * its outcome); an open deal is assessed, and only a changed risk (its dedup key differs from the
 * stored one) writes fields and hands on a per-deal decision, which nudges and escalates.
 */
export function evaluateDeal(deal: Deal, play: string | null, env: EvalEnv, scheduledFor: string): Verdict {
  const now = env.now;
  if (!openAt(deal, now)) return closedVerdict(deal, play);
  const history = deal.outcome === 'open' ? null : deal.outcome;
  const patch: JsonObject = {};
  let pushed = deal;
  if (deal.closeDate !== null && deal.state.lastCloseDate !== deal.closeDate && history === null) {
    patch.pursueLastCloseDate = iso(deal.closeDate);
    if (deal.state.lastCloseDate !== null && deal.closeDate > deal.state.lastCloseDate) {
      pushed = { ...deal, pushes: deal.pushes + 1 };
      patch.pursuePushes = deal.state.pushes + 1;
    }
  }
  // Most deals keep their risk from one run to the next: the cheap pass (no values, no reasons)
  // settles those, and only a changed risk is assessed again with everything the decision shows.
  const quick = assessDeal(pushed, play, env, false);
  if (quick.key === deal.state.riskKey && history === null)
    return Object.keys(patch).length === 0
      ? { ...NOTHING, assessment: quick }
      : { assessment: quick, patch, risk: null, closed: null };
  const a = assessDeal(pushed, play, env);
  const staleDays = a.signals.find((s) => s.signal === 'stale')?.value;
  if (history === null)
    Object.assign(patch, {
      pursueRiskKey: a.key,
      pursueRiskLevel: a.level,
      pursueRiskScore: a.score,
      pursueStaleDays: typeof staleDays === 'number' ? staleDays : null,
      pursueAssessedAt: iso(now),
    });
  if (a.level === 'unscored') return { assessment: a, patch, risk: null, closed: null };
  const minRank = RANK[env.config.nudges.minLevel];
  const nudge = history === null && RANK[a.level] >= minRank;
  const wasNudgeWorthy = deal.state.riskLevel !== null && RANK[deal.state.riskLevel as RiskLevel] >= minRank;
  const followUp =
    deal.state.lastNudgeAt === null
      ? null
      : (deal.lastActivityAt ?? 0) > deal.state.lastNudgeAt
        ? 'acted'
        : 'ignored';
  const ignored = followUp === 'ignored' ? deal.state.ignored + 1 : 0;
  if (nudge)
    Object.assign(patch, {
      pursueNudges: deal.state.nudges + 1,
      pursueLastNudgeAt: iso(now),
      pursueIgnored: ignored,
      // A digest of a pass over many pages is written from the records: what the nudge says.
      ...(env.config.nudges.mode === 'digest'
        ? { pursueNudgeReasons: a.signals.filter((s) => s.fired).map((s) => s.reason) }
        : {}),
    });
  else if (followUp !== null && history === null)
    Object.assign(patch, { pursueLastNudgeAt: null, pursueIgnored: 0 });
  const risk: Verdict['risk'] =
    nudge || wasNudgeWorthy || history !== null
      ? {
          kind: 'pursue.deal-risk',
          opportunityId: deal.id,
          ownerId: deal.ownerId,
          play,
          stage: deal.stage,
          level: a.level,
          score: a.score,
          previousLevel: deal.state.riskLevel,
          signals: a.signals.map(({ bucket: _b, ...s }) => s),
          ignored: nudge ? ignored : 0,
          followUp,
          nudge,
          outcome: history,
          staleDays: typeof staleDays === 'number' ? staleDays : null,
          scheduledFor,
        }
      : null;
  return { assessment: a, patch: Object.keys(patch).length === 0 ? null : patch, risk, closed: null };
}
