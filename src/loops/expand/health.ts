import type { JsonObject } from '../../kernel/index.js';
import type { HealthConfig, Measure } from './health-config.js';

/** A measure compiled for the hot path: its paths split once and its bands sorted. */
interface CompiledMeasure {
  measure: Measure;
  path: readonly string[] | null;
  per: readonly string[] | null;
  bands: readonly { min: number; points: number }[];
}

/** A health config compiled once per config version. */
export interface HealthModel {
  measures: readonly CompiledMeasure[];
  bands: readonly { name: string; min: number }[];
}

/** One measure's part in a score. */
interface MeasureResult {
  name: string;
  group: string;
  value: number | null;
  points: number;
  /** weight × points / 100: what it adds to the score. */
  contribution: number;
}

/** A health score with the measures that make it. */
export interface HealthResult {
  score: number;
  band: string;
  groups: Record<string, number>;
  measures: MeasureResult[];
}

const split = (p: string | undefined) => (p === undefined ? null : p.split('.'));

/** Compiles the health config: bands sorted highest first. */
export function compileHealth(h: Readonly<HealthConfig>): HealthModel {
  return {
    measures: h.measures.map((measure) => ({
      measure,
      path: split(measure.field),
      per: split(measure.per),
      bands: [...measure.bands].sort((a, b) => b.min - a.min),
    })),
    bands: [...h.bands].sort((a, b) => b.min - a.min),
  };
}

function numberAt(values: JsonObject, path: readonly string[]): number | null {
  let v: unknown = values;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function measureValue(
  c: CompiledMeasure,
  values: JsonObject,
  trendOf: (metric: string) => number | null,
): number | null {
  if (c.measure.usageTrend !== undefined) return trendOf(c.measure.usageTrend);
  const v = c.path ? numberAt(values, c.path) : null;
  if (v === null || !c.per) return v;
  const d = numberAt(values, c.per);
  return d === null || d === 0 ? null : v / d;
}

const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

/** The band a score falls in. */
function bandOf(model: HealthModel, score: number): string {
  for (const b of model.bands) if (score >= b.min) return b.name;
  return model.bands.at(-1)?.name ?? 'unknown';
}

/**
 * Scores one customer: each measure's value finds its point band (the highest band whose min it
 * reaches; unknown values get the `missing` points), weighted into a score out of 100, with a
 * subtotal per group.
 */
export function scoreHealth(
  model: HealthModel,
  values: JsonObject,
  trendOf: (metric: string) => number | null = () => null,
): HealthResult {
  let score = 0;
  const groups: Record<string, number> = {};
  const measures: MeasureResult[] = [];
  for (const c of model.measures) {
    const value = measureValue(c, values, trendOf);
    let points = c.measure.missing;
    if (value !== null) {
      points = 0;
      for (const b of c.bands)
        if (value >= b.min) {
          points = b.points;
          break;
        }
    }
    const contribution = (c.measure.weight * points) / 100;
    score += contribution;
    groups[c.measure.group] = round((groups[c.measure.group] ?? 0) + contribution);
    measures.push({
      name: c.measure.name,
      group: c.measure.group,
      value: value === null ? null : round(value, 4),
      points,
      contribution: round(contribution),
    });
  }
  const s = round(score, 1);
  return { score: s, band: bandOf(model, s), groups, measures };
}
