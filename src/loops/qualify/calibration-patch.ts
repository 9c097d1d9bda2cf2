import type { ConfigPatch, Json } from '../../kernel/index.js';
import type { QualifyConfig } from './config.js';

const whole = (n: number): number => {
  const r = Math.round(n);
  return r === 0 ? 0 : r;
};

/** Each points value of a configured factor, multiplied by `m`, as patches (values maps as one patch). */
function factorPatches(config: QualifyConfig, index: number, m: number): ConfigPatch[] {
  const f = config.factors[index];
  if (!f) return [];
  const at = `factors.${index}`;
  const each = (list: readonly { points: number }[] | undefined, path: string): ConfigPatch[] =>
    (list ?? []).map((x, k) => ({
      path: `${at}.${path}.${k}.points`,
      from: x.points,
      to: whole(x.points * m),
    }));
  const out: ConfigPatch[] = [
    ...each(f.bands, 'bands'),
    ...each(f.curve, 'curve'),
    ...each(f.keywords, 'keywords'),
    ...each(f.decay?.activities, 'decay.activities'),
  ];
  if (f.values) {
    const to = Object.fromEntries(Object.entries(f.values).map(([k, p]) => [k, whole(p * m)]));
    out.push({ path: `${at}.values`, from: f.values, to });
  }
  if (f.condition && f.points !== undefined)
    out.push({ path: `${at}.points`, from: f.points, to: whole(f.points * m) });
  if (f.cap !== undefined && m > 0)
    out.push({ path: `${at}.cap`, from: f.cap, to: Math.max(1, whole(f.cap * m)) });
  return out;
}

/**
 * The patches that multiply every point value of each factor by its multiplier (the free-email and
 * competitor checks included), rounded to whole points; unchanged values are left out.
 */
export function weightPatches(
  config: QualifyConfig,
  multipliers: ReadonlyMap<string, number>,
): ConfigPatch[] {
  const out: ConfigPatch[] = [];
  config.factors.forEach((f, i) => {
    const m = multipliers.get(f.name);
    if (m !== undefined && m !== 1) out.push(...factorPatches(config, i, m));
  });
  const free = multipliers.get('free-email');
  if (free !== undefined)
    out.push({
      path: 'freeEmail.points',
      from: config.freeEmail.points,
      to: whole(config.freeEmail.points * free),
    });
  const rival = multipliers.get('competitor');
  if (rival !== undefined)
    out.push({
      path: 'competitors.points',
      from: config.competitors.points,
      to: whole(config.competitors.points * rival),
    });
  return out.filter((p) => JSON.stringify(p.from) !== JSON.stringify(p.to));
}

/** A copy of a config with patches applied (dotted paths; numbers index lists). */
export function applyPatches(config: QualifyConfig, patches: readonly ConfigPatch[]): unknown {
  const copy = structuredClone(config) as unknown as Record<string, Json>;
  for (const p of patches) {
    const keys = p.path.split('.');
    const last = keys.pop();
    let node: Json | undefined = copy;
    for (const k of keys)
      node = node !== null && typeof node === 'object' ? (node as Record<string, Json>)[k] : undefined;
    if (last === undefined || node === null || typeof node !== 'object')
      throw new Error(`patch path ${p.path} does not exist in the config`);
    (node as Record<string, Json>)[last] = structuredClone(p.to);
  }
  return copy;
}

/** The lowest value at which about `share` of `values` are at or above it (ties may take a little more). */
function cutForShare(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => b - a);
  const k = Math.round(share * sorted.length);
  if (k <= 0) return (sorted[0] ?? 0) + 1;
  return sorted[Math.min(k, sorted.length) - 1] ?? 0;
}

/** Scores and fit points of the same leads under the current and the reweighted model. */
export interface ScorePairs {
  before: { score: number; fit: number }[];
  after: { score: number; fit: number }[];
}

/**
 * New grade thresholds for the reweighted scores that keep each grade's share of the training leads:
 * the share at or above each `min` (and `minFit`) before is kept at or above the new one. Mins stay
 * strictly decreasing, as the config requires.
 */
export function thresholdPatches(config: QualifyConfig, pairs: ScorePairs): ConfigPatch[] {
  const out: ConfigPatch[] = [];
  const n = Math.max(1, pairs.before.length);
  let previous = Number.POSITIVE_INFINITY;
  config.grades.thresholds.forEach((t, i) => {
    const share = pairs.before.filter((b) => b.score >= t.min).length / n;
    const min = Math.min(
      cutForShare(
        pairs.after.map((a) => a.score),
        share,
      ),
      previous - 1,
    );
    previous = min;
    out.push({ path: `grades.thresholds.${i}.min`, from: t.min, to: min });
    if (t.minFit !== undefined) {
      const minFit = t.minFit;
      const fitShare = pairs.before.filter((b) => b.fit >= minFit).length / n;
      out.push({
        path: `grades.thresholds.${i}.minFit`,
        from: minFit,
        to: cutForShare(
          pairs.after.map((a) => a.fit),
          fitShare,
        ),
      });
    }
  });
  return out.filter((p) => p.from !== p.to);
}
