import { type JsonObject, parseInstant } from '../../kernel/index.js';
import type { ExpandConfig, Play } from './config.js';
import { scoreHealth } from './health.js';
import { type HealthState, healthJson, nextHealth } from './history.js';
import {
  type CompiledExpand,
  daysToRenewal,
  enrolmentsOf,
  playsToOpen,
  potentialOf,
  scoredView,
} from './plays.js';

/** What scoring one customer produced: the new state, the plays it enters and the fields to write. */
export interface CustomerScore {
  health: HealthState;
  potential: { score: number; reasons: string[] };
  daysToRenewal: number | null;
  plays: Play[];
  patch: JsonObject;
}

/**
 * Scores one customer: health (with trend and history), the renewal window, expansion potential
 * and the plays it enters now; the patch records all of it, enrolments included, on the customer.
 */
export function scoreCustomer(
  compiled: CompiledExpand,
  config: Readonly<ExpandConfig>,
  values: JsonObject,
  now: number,
  iso: string,
  trendOf: (metric: string) => number | null,
): CustomerScore {
  const health = nextHealth(config.health, values, scoreHealth(compiled.health, values, trendOf), now, iso);
  const days = daysToRenewal(values, config.renewal.field, now);
  const view = scoredView(values, health, days);
  const potential = potentialOf(compiled, view);
  (view as { potential: JsonObject }).potential = { score: potential.score };
  const enrolments = enrolmentsOf(values);
  const plays = playsToOpen(compiled, view, enrolments, now);
  const patch: JsonObject = {
    health: healthJson(health),
    potential: { score: potential.score, reasons: potential.reasons },
  };
  if (plays.length > 0)
    patch.plays = [...enrolments, ...plays.map((p) => ({ play: p.name, at: iso }))].map((e) => ({
      play: e.play,
      at: e.at,
    }));
  return { health, potential, daysToRenewal: days, plays, patch };
}

/**
 * When a usage period starts, in ms: `2025-04` is the first of April (UTC), `2025` the first of
 * January, a date or an instant itself; NaN when the period names no date.
 */
function periodStart(period: string): number {
  const text = /^\d{4}$/.test(period)
    ? `${period}-01-01`
    : /^\d{4}-\d{2}$/.test(period)
      ? `${period}-01`
      : period;
  return parseInstant(text);
}

/** A rise from no usage at all: counted as +100%, since no ratio measures it. */
const RISE_FROM_ZERO = 1;

/**
 * The change of a usage metric between its last two periods, per customer (0.1 = +10%), over the
 * periods that had started by `now` (a period naming no date is always kept). 0 → 0 is flat (0),
 * 0 → more is a rise of +100%; a customer with fewer than two periods has no trend.
 */
export function usageTrends(
  rows: Iterable<{ values: JsonObject }>,
  now = Number.POSITIVE_INFINITY,
): Map<string, number> {
  const byCustomer = new Map<string, { period: string; value: number }[]>();
  for (const r of rows) {
    const { customerId, period, value } = r.values;
    if (typeof customerId !== 'string' || typeof value !== 'number') continue;
    const p = typeof period === 'string' ? period : '';
    if (periodStart(p) > now) continue;
    const list = byCustomer.get(customerId) ?? [];
    list.push({ period: p, value });
    byCustomer.set(customerId, list);
  }
  const out = new Map<string, number>();
  for (const [id, list] of byCustomer) {
    if (list.length < 2) continue;
    list.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
    const last = list[list.length - 1]?.value ?? 0;
    const prev = list[list.length - 2]?.value ?? 0;
    if (prev !== 0) out.set(id, Math.round(((last - prev) / prev) * 1e4) / 1e4);
    else if (last === 0) out.set(id, 0);
    else if (last > 0) out.set(id, RISE_FROM_ZERO);
  }
  return out;
}
