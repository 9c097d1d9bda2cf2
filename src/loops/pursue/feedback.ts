import type { FeedbackSpec, Finding, MetricSummary } from '../../kernel/index.js';
import type { PursueConfig } from './config.js';
import { BACKTEST_SEPARATOR } from './metrics.js';

/** Closed deals of one stage: for each whole number of days without activity, how many were won and lost. */
type StageHistory = Map<number, { won: number; lost: number }>;

function historyByStage(metrics: readonly MetricSummary[]): Map<string, StageHistory> {
  const out = new Map<string, StageHistory>();
  for (const m of metrics) {
    if (m.metric !== 'stale_backtest') continue;
    const [stage, days, outcome] = m.label.split(BACKTEST_SEPARATOR);
    if (!stage || days === undefined || (outcome !== 'won' && outcome !== 'lost')) continue;
    const h = out.get(stage) ?? new Map();
    const cell = h.get(Number(days)) ?? { won: 0, lost: 0 };
    cell[outcome] += m.count;
    h.set(Number(days), cell);
    out.set(stage, h);
  }
  return out;
}

/** A threshold replayed over closed deals: who it would flag, and how well flags tell lost from won. */
export type ThresholdBacktest = {
  days: number;
  flaggedWon: number;
  flaggedLost: number;
  /** Share of lost deals flagged minus share of won deals flagged (Youden's J): higher separates better. */
  separation: number;
  winRateFlagged: number | null;
  winRateUnflagged: number | null;
};

/** Replays a staleness threshold over a stage's closed deals. */
export function backtestThreshold(h: StageHistory, days: number): ThresholdBacktest {
  let won = 0;
  let lost = 0;
  let fw = 0;
  let fl = 0;
  for (const [d, c] of h) {
    won += c.won;
    lost += c.lost;
    if (d >= days) {
      fw += c.won;
      fl += c.lost;
    }
  }
  const rate = (w: number, n: number) => (n === 0 ? null : Math.round((w / n) * 1000) / 1000);
  return {
    days,
    flaggedWon: fw,
    flaggedLost: fl,
    separation: Math.round(((lost ? fl / lost : 0) - (won ? fw / won : 0)) * 1000) / 1000,
    winRateFlagged: rate(fw, fw + fl),
    winRateUnflagged: rate(won - fw, won - fw + lost - fl),
  };
}

const MARGIN = 0.05;
const MAX_DAYS = 90;

/**
 * Level 3: for each stage with enough closed deals, replays every staleness threshold from 1 to 90
 * days over them and proposes the one that best tells lost deals from won ones, when it beats the
 * current threshold by a clear margin: a threshold that fires too early flags won deals too, one
 * that fires too late misses lost ones.
 */
export const stalenessProposer: FeedbackSpec<PursueConfig> = {
  name: 'staleness-threshold',
  description: "Proposes a stage's staleness days from a backtest over closed deals.",
  level: 3,
  reads: ['stale_backtest'],
  evaluate: (metrics, config) => {
    const p = config.proposals.staleness;
    if (!p.enabled || !config.signals.stale.enabled) return [];
    const findings: Finding[] = [];
    for (const [stage, h] of historyByStage(metrics)) {
      const deals = [...h.values()].reduce((s, c) => s + c.won + c.lost, 0);
      if (deals < p.minDeals || !/^[A-Za-z0-9_-]+$/.test(stage)) continue;
      const byStage = config.signals.stale.byStage;
      const key = Object.keys(byStage).find((k) => k.toLowerCase() === stage.toLowerCase()) ?? stage;
      const current = byStage[key] ?? config.signals.stale.days;
      const now = backtestThreshold(h, current);
      let best = now;
      for (let d = 1; d <= MAX_DAYS; d++) {
        const t = backtestThreshold(h, d);
        if (t.separation > best.separation) best = t;
      }
      if (best.days === current || best.separation - now.separation < MARGIN) continue;
      const direction = best.days > current ? 'fires too early' : 'fires too late';
      findings.push({
        feedback: 'staleness-threshold',
        severity: 'info',
        message: `Staleness in ${stage} ${direction}: ${current} days separates lost from won deals by ${now.separation}, ${best.days} days by ${best.separation} over ${deals} closed deals`,
        evidence: { stage, deals, current: now, proposed: best },
        patch: [
          {
            path: `signals.stale.byStage.${key}`,
            from: byStage[key] ?? null,
            to: best.days,
            bounds: { min: 1, max: MAX_DAYS },
          },
        ],
      });
    }
    return findings;
  },
};

/** Pursue's feedback. */
export const pursueFeedback: readonly FeedbackSpec<PursueConfig>[] = [stalenessProposer];
