import {
  type CompiledCondition,
  compileCondition,
  type Json,
  type JsonObject,
  parseInstant,
} from '../../kernel/index.js';
import { CEL_VARIABLES, type ExpandConfig, type Play } from './config.js';
import { compileHealth, type HealthModel } from './health.js';
import type { HealthState } from './history.js';

const DAY = 86_400_000;
const compile = (c: Play['when']) => compileCondition(c, { celVariables: CEL_VARIABLES });

/** An expand config compiled once per version: health model, potential signals and plays. */
export interface CompiledExpand {
  health: HealthModel;
  signals: readonly { name: string; points: number; test: CompiledCondition }[];
  plays: readonly { play: Play; test: CompiledCondition }[];
  exclude: ReadonlySet<string>;
}

/** Compiles the config (closures over the parsed YAML, no eval). */
export function compileExpand(config: Readonly<ExpandConfig>): CompiledExpand {
  return {
    health: compileHealth(config.health),
    signals: config.potential.signals.map((s) => ({ name: s.name, points: s.points, test: compile(s.when) })),
    plays: config.plays.map((play) => ({ play, test: compile(play.when) })),
    exclude: new Set(config.exclude.map((s) => s.toLowerCase())),
  };
}

/** Whether a customer's status keeps it out of scoring and plays (churned, still onboarding). */
export function excluded(c: CompiledExpand, values: JsonObject): boolean {
  return typeof values.status === 'string' && c.exclude.has(values.status.toLowerCase());
}

/** Days until the renewal date in `field`, or null when there is none. */
export function daysToRenewal(values: JsonObject, field: string, now: number): number | null {
  const v = values[field];
  const at = typeof v === 'string' ? parseInstant(v) : Number.NaN;
  return Number.isFinite(at) ? Math.floor((at - now) / DAY) : null;
}

/** The scored view plays and signals read: the customer's fields with health, measures and renewal. */
export function scoredView(values: JsonObject, health: HealthState, daysTo: number | null): JsonObject {
  const measures: JsonObject = {};
  for (const [k, m] of Object.entries(health.measures)) measures[k] = m.value;
  return {
    ...values,
    health: {
      score: health.score,
      band: health.band,
      previousBand: health.previousBand,
      change: health.change,
      drop: health.drop,
      trend: health.trend,
    },
    measures,
    renewal: { daysTo: daysTo as Json },
  };
}

/** Expansion potential: the points of the signals present (at most 100) and their names. */
export function potentialOf(c: CompiledExpand, view: JsonObject): { score: number; reasons: string[] } {
  let score = 0;
  const reasons: string[] = [];
  for (const s of c.signals)
    if (s.test.test(view)) {
      score += s.points;
      reasons.push(s.name);
    }
  return { score: Math.min(100, score), reasons };
}

/** A play enrolment kept on the customer record (`plays`). */
interface Enrolment {
  play: string;
  at: string;
}

/** The enrolments on a customer record. */
export function enrolmentsOf(values: JsonObject): Enrolment[] {
  const p = values.plays;
  if (!Array.isArray(p)) return [];
  return p.flatMap((e) =>
    e && typeof e === 'object' && !Array.isArray(e) && typeof e.play === 'string' && typeof e.at === 'string'
      ? [{ play: e.play, at: e.at }]
      : [],
  );
}

/** Whether the enrolment limit lets the customer enter the play now (at most `times` per `days`). */
function withinLimit(play: Play, enrolments: readonly Enrolment[], now: number): boolean {
  const since = now - play.limit.days * DAY;
  return (
    enrolments.filter((e) => e.play === play.name && parseInstant(e.at) > since).length < play.limit.times
  );
}

/** The plays a customer enters now: their condition matches and their enrolment limit allows it. */
export function playsToOpen(
  c: CompiledExpand,
  view: JsonObject,
  enrolments: readonly Enrolment[],
  now: number,
): Play[] {
  return c.plays.filter((p) => p.test.test(view) && withinLimit(p.play, enrolments, now)).map((p) => p.play);
}
