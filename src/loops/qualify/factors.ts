import {
  compileCondition,
  formatValue,
  getPath,
  isMissing,
  type Json,
  type JsonObject,
  parseInstant,
  RevloopsError,
} from '../../kernel/index.js';
import type { QualifyConfig } from './config.js';
import type { Factor, ScoreGroup } from './factor-config.js';

/** What one factor made of one lead, before its cap and rounding. */
interface RawScore {
  /** The value scored, as shown in the trace (null when the lead has none). */
  value: Json;
  points: number;
  reason: string;
  /** False when the lead had no value for the factor's field. */
  known: boolean;
}

/** A factor compiled once per config version. */
export interface CompiledFactor {
  name: string;
  label: string;
  group: ScoreGroup;
  cap: number | undefined;
  evaluate(lead: unknown, nowMs: number): RawScore;
}

type Scored = { points: number; reason: string; value?: Json };
type Scorer = (value: unknown, nowMs: number) => Scored;

const DAY_MS = 86_400_000;

/** A JSON copy of a lead value, for the trace. */
export function toJson(v: unknown): Json {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (Array.isArray(v)) return v.map(toJson);
  if (typeof v === 'object') {
    const out: JsonObject = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toJson(x);
    return out;
  }
  return null;
}

function toNumber(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : undefined;
}

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

function rangeText(b: { min?: number | undefined; max?: number | undefined }): string {
  if (b.min !== undefined && b.max !== undefined) return `${b.min}–${b.max}`;
  if (b.min !== undefined) return `${b.min} or more`;
  return b.max !== undefined ? `up to ${b.max}` : 'the band for any value';
}

function bandsScorer(bands: NonNullable<Factor['bands']>): Scorer {
  return (v) => {
    const n = toNumber(v);
    if (n === undefined) return { points: 0, reason: `${formatValue(v)} is not a number` };
    const band = bands.find(
      (b) => (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max),
    );
    return band
      ? { points: band.points, reason: `${n} is in ${rangeText(band)}` }
      : { points: 0, reason: `${n} is in no band` };
  };
}

function valuesScorer(values: NonNullable<Factor['values']>): Scorer {
  const map = new Map(Object.entries(values).map(([k, p]) => [k.trim().toLowerCase(), p]));
  return (v) => {
    const members = (Array.isArray(v) ? v : [v]).filter((m) => !isMissing(m)).map((m) => String(m));
    const hits = members.flatMap((m) => {
      const p = map.get(m.trim().toLowerCase());
      return p === undefined ? [] : [{ m, p }];
    });
    const points = hits.reduce((sum, h) => sum + h.p, 0);
    if (!Array.isArray(v)) {
      return {
        points,
        reason: hits.length > 0 ? `${formatValue(v)} is listed` : `${formatValue(v)} is not listed`,
      };
    }
    const missed = members.length - hits.length;
    const listed = hits.map((h) => `${h.m} (${signed(h.p)})`).join(', ');
    const reason =
      hits.length === 0
        ? `none of ${members.join(', ')} is listed`
        : `${listed}${missed ? `; ${missed} not listed` : ''}`;
    return { points, reason };
  };
}

function curveScorer(curve: NonNullable<Factor['curve']>): Scorer {
  return (v) => {
    const n = toNumber(v);
    if (n === undefined) return { points: 0, reason: `${formatValue(v)} is not a number` };
    const first = curve[0];
    const last = curve[curve.length - 1];
    if (!first || !last) return { points: 0, reason: 'the curve has no points' };
    if (n <= first.x) return { points: first.points, reason: `${n} is at or below ${first.x}` };
    if (n >= last.x) return { points: last.points, reason: `${n} is at or above ${last.x}` };
    const i = curve.findIndex((c) => c.x >= n);
    const a = curve[i - 1] ?? first;
    const b = curve[i] ?? last;
    const points = a.points + ((n - a.x) / (b.x - a.x)) * (b.points - a.points);
    return { points, reason: `${n} lies between ${a.x} (${a.points}) and ${b.x} (${b.points})` };
  };
}

const words = (s: string) =>
  ` ${s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;

function keywordsScorer(rules: NonNullable<Factor['keywords']>): Scorer {
  const compiled = rules.map((r) => ({
    points: r.points,
    phrases: r.match.map((m) => ({ m, w: words(m) })).filter((p) => p.w.trim() !== ''),
  }));
  return (v) => {
    const text = words(Array.isArray(v) ? v.map(String).join(' ') : String(v));
    for (const rule of compiled) {
      const hit = rule.phrases.find((p) => text.includes(p.w));
      if (hit) return { points: rule.points, reason: `${formatValue(v)} matches '${hit.m}'` };
    }
    return { points: 0, reason: `${formatValue(v)} matches no keyword` };
  };
}

function ageText(days: number): string {
  if (days < 1) return 'less than a day ago';
  const d = Math.floor(days);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

function decayScorer(decay: NonNullable<Factor['decay']>): Scorer {
  const rules = decay.activities.map((r) => ({
    ...r,
    type: r.type.toLowerCase(),
    detail: r.detail?.toLowerCase(),
  }));
  return (v, nowMs) => {
    if (!Array.isArray(v)) return { points: 0, reason: `${formatValue(v)} is not a list of activities` };
    const counted: JsonObject[] = [];
    const byType = new Map<string, number>();
    let points = 0;
    let newest = Number.POSITIVE_INFINITY;
    for (const a of v) {
      const type = String(getPath(a, 'type') ?? '').toLowerCase();
      const detail = getPath(a, 'detail');
      const at = parseInstant(String(getPath(a, 'at')));
      const rule = rules.find(
        (r) =>
          r.type === type &&
          (r.detail === undefined ||
            String(detail ?? '')
              .toLowerCase()
              .includes(r.detail)),
      );
      if (!rule || Number.isNaN(at)) continue;
      const ageDays = Math.max(0, (nowMs - at) / DAY_MS);
      const p = rule.points * 0.5 ** (ageDays / decay.halfLifeDays);
      points += p;
      newest = Math.min(newest, ageDays);
      byType.set(type, (byType.get(type) ?? 0) + 1);
      counted.push({ type, detail: toJson(detail ?? null), ageDays: round(ageDays, 1), points: round(p, 2) });
    }
    if (counted.length === 0)
      return { points: 0, reason: `none of ${v.length} activities is scored`, value: [] };
    const kinds = [...byType].map(([t, n]) => `${t} ×${n}`).join(', ');
    const reason = `${counted.length} scored (${kinds}), newest ${ageText(newest)}, half-life ${decay.halfLifeDays} days`;
    return { points, reason, value: counted };
  };
}

function scorerFor(f: Factor): Scorer {
  if (f.bands) return bandsScorer(f.bands);
  if (f.values) return valuesScorer(f.values);
  if (f.curve) return curveScorer(f.curve);
  if (f.keywords) return keywordsScorer(f.keywords);
  if (f.decay) return decayScorer(f.decay);
  throw new RevloopsError('CONFIG_INVALID', `factor ${f.name} has no scoring rule`, [
    {
      path: 'factors',
      message: `factor ${f.name}: expected one of bands, values, condition, curve, keywords, decay`,
    },
  ]);
}

/** Compiles one configured factor. A missing value scores 0 with the reason "no value". */
export function compileFactor(f: Factor): CompiledFactor {
  const base = { name: f.name, label: f.label ?? f.name, group: f.group, cap: f.cap };
  const field = f.field;
  if (f.condition) {
    const check = compileCondition(f.condition);
    const points = f.points ?? 0;
    return {
      ...base,
      evaluate: (lead) => {
        const r = check(lead);
        const value = field === undefined ? r.matched : toJson(getPath(lead, field) ?? null);
        return {
          value,
          points: r.matched ? points : 0,
          reason: r.reason,
          known: field === undefined || value !== null,
        };
      },
    };
  }
  const scorer = scorerFor(f);
  return {
    ...base,
    evaluate: (lead, nowMs) => {
      const v = field === undefined ? undefined : getPath(lead, field);
      if (isMissing(v)) return { value: null, points: 0, reason: 'no value', known: false };
      const r = scorer(v, nowMs);
      return { value: r.value ?? toJson(v), points: r.points, reason: r.reason, known: true };
    },
  };
}

/** True when the domain or one of its parent domains is in the set (eu.rival.io is in {rival.io}). */
export function inDomains(domain: string, domains: ReadonlySet<string>): boolean {
  const labels = domain.split('.');
  return labels.some((_, i) => domains.has(labels.slice(i).join('.')));
}

/**
 * The two negative factors the config names by list: a free email provider (checked on the
 * email's domain) and a competitor (checked on the email's and the company's domain).
 */
export function domainFactors(config: Readonly<QualifyConfig>): CompiledFactor[] {
  const free = new Set(config.freeEmail.domains.map((d) => d.toLowerCase()));
  const rivals = new Set(config.competitors.domains.map((d) => d.toLowerCase()));
  const check =
    (fields: readonly string[], set: ReadonlySet<string>, points: number, what: string) =>
    (lead: unknown): RawScore => {
      const found = [
        ...new Set(
          fields
            .map((f) => getPath(lead, f))
            .filter((d): d is string => typeof d === 'string' && d !== '')
            .map((d) => d.toLowerCase()),
        ),
      ];
      if (found.length === 0) return { value: null, points: 0, reason: 'no value', known: false };
      const hit = found.find((d) => inDomains(d, set));
      const value = found.length === 1 ? (found[0] ?? null) : found;
      return hit
        ? { value, points, reason: `${hit} is ${what}`, known: true }
        : { value, points: 0, reason: `${found.join(', ')} is not ${what}`, known: true };
    };
  return [
    {
      name: 'free-email',
      label: 'Free email',
      group: 'negative',
      cap: undefined,
      evaluate: check(['emailDomain'], free, config.freeEmail.points, 'a free email provider'),
    },
    {
      name: 'competitor',
      label: 'Competitor',
      group: 'negative',
      cap: undefined,
      evaluate: check(['emailDomain', 'domain'], rivals, config.competitors.points, 'a competitor domain'),
    },
  ];
}
