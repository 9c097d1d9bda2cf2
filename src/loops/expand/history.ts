import { type Json, type JsonObject, parseInstant } from '../../kernel/index.js';
import type { HealthResult } from './health.js';
import type { HealthConfig } from './health-config.js';

const DAY = 86_400_000;

/** A point of health history. */
interface HistoryPoint {
  at: string;
  score: number;
}

/** The health state kept on the customer record (`health`). */
export interface HealthState {
  score: number;
  band: string;
  previousBand: string | null;
  change: number;
  trend: 'up' | 'down' | 'flat';
  /** Points lost since the trend reference (0 when the score rose). */
  drop: number;
  groups: Record<string, number>;
  measures: Record<string, { group: string; value: number | null; points: number; contribution: number }>;
  scoredAt: string;
  history: HistoryPoint[];
}

function historyOf(values: JsonObject): HistoryPoint[] {
  const h = values.health;
  if (!h || typeof h !== 'object' || Array.isArray(h) || !Array.isArray(h.history)) return [];
  return h.history.flatMap((p) =>
    p && typeof p === 'object' && !Array.isArray(p) && typeof p.at === 'string' && typeof p.score === 'number'
      ? [{ at: p.at, score: p.score }]
      : [],
  );
}

/** The band the customer had at its last scoring, if any. */
function previousBand(values: JsonObject): string | null {
  const h = values.health;
  return h && typeof h === 'object' && !Array.isArray(h) && typeof h.band === 'string' ? h.band : null;
}

/**
 * The new health state: the trend compares the score with the newest history point at least
 * `trendDays` old (else the oldest one), and a history point is added when the last is
 * `historyEveryDays` old (else the last one is updated), keeping `historyLength` points.
 */
export function nextHealth(
  h: Readonly<HealthConfig>,
  values: JsonObject,
  r: HealthResult,
  now: number,
  iso: string,
): HealthState {
  const history = historyOf(values);
  const cutoff = now - h.trendDays * DAY;
  let reference: HistoryPoint | undefined;
  for (const p of history) if (parseInstant(p.at) <= cutoff) reference = p;
  reference ??= history[0];
  const change = reference ? Math.round((r.score - reference.score) * 10) / 10 : 0;
  const last = history.at(-1);
  if (last && now - parseInstant(last.at) < h.historyEveryDays * DAY && history.length > 1)
    history[history.length - 1] = { at: last.at, score: r.score };
  else history.push({ at: iso, score: r.score });
  const measures: HealthState['measures'] = {};
  for (const m of r.measures)
    measures[m.name] = { group: m.group, value: m.value, points: m.points, contribution: m.contribution };
  return {
    score: r.score,
    band: r.band,
    previousBand: previousBand(values),
    change,
    trend: Math.abs(change) <= h.flatWithin ? 'flat' : change > 0 ? 'up' : 'down',
    drop: change < 0 ? -change : 0,
    groups: r.groups,
    measures,
    scoredAt: iso,
    history: history.slice(-h.historyLength),
  };
}

/** The state as JSON for a record write. */
export const healthJson = (s: HealthState): JsonObject => s as unknown as { [k: string]: Json };
