import type { RollbackCriteria } from '../kernel/index.js';
import type { Engine } from '../runtime/index.js';
import { decisionsOfVersion } from '../store/ops/governance-decisions.js';
import type { GovernanceConfig, LoadedLoop } from '../workspace/index.js';
import type { Backtest } from './backtest.js';
import { MetricTally, metricStat } from './metric-rollup.js';

const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * The band that would revert a proposal, when its feedback gave none: the targeted metric the
 * backtest moved most, with a band of `rollbackTolerance` either side of its backtested value.
 */
export function deriveRollback(
  backtest: Backtest,
  settings: GovernanceConfig['feedback'],
): RollbackCriteria | null {
  const moved = backtest.metrics
    .filter((m) => m.before.value !== null && m.after.value !== null)
    .map((m) => ({ m, delta: Math.abs((m.after.value as number) - (m.before.value as number)) }))
    .sort((a, b) => b.delta - a.delta)[0];
  if (!moved || moved.delta === 0) return null;
  const { m } = moved;
  const at = m.after.value as number;
  const tol = m.stat === 'mean' ? Math.abs(at) * settings.rollbackTolerance : settings.rollbackTolerance;
  const bounded = m.stat === 'share';
  return {
    metric: m.metric,
    ...(m.kind === 'mix' ? { label: m.label } : {}),
    stat: m.stat,
    min: round(bounded ? Math.max(0, at - tol) : at - tol),
    max: round(bounded ? Math.min(1, at + tol) : at + tol),
    minDecisions: settings.rollbackMinDecisions,
  };
}

/** How an accepted change is doing against its rollback band. */
export interface RollbackCheck {
  decisions: number;
  value: number | null;
  state: 'waiting' | 'inside' | 'breached';
  criteria: RollbackCriteria;
}

/** Measures the live decisions made with a config version against a rollback band (at most `limit` decisions). */
export async function checkRollback(
  engine: Engine,
  loaded: LoadedLoop,
  version: string,
  criteria: RollbackCriteria,
  limit = 5000,
): Promise<RollbackCheck> {
  const tally = new MetricTally(loaded.loop.metrics);
  let afterId: string | undefined;
  while (tally.decisions < limit) {
    const page = await decisionsOfVersion(engine.store.db, {
      loop: loaded.name,
      configVersion: version,
      mode: 'live',
      limit: 500,
      ...(afterId ? { afterId } : {}),
    });
    for (const d of page) tally.add(d);
    afterId = page.at(-1)?.id;
    if (page.length < 500) break;
  }
  const value = metricStat(tally.summaries(), tally.decisions, criteria);
  const waiting = tally.decisions < criteria.minDecisions || value === null;
  const outside =
    value !== null &&
    ((criteria.min !== undefined && value < criteria.min) ||
      (criteria.max !== undefined && value > criteria.max));
  return {
    decisions: tally.decisions,
    value: value === null ? null : round(value),
    state: waiting ? 'waiting' : outside ? 'breached' : 'inside',
    criteria,
  };
}
