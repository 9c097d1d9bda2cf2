import type { ConfigPatch } from '../../kernel/index.js';
import { auc, seededSplit } from '../../stats/auc.js';
import { fitLogistic } from '../../stats/logistic-fit.js';
import type { ExpandConfig } from './config.js';
import { compileHealth, type HealthModel, scoreHealth } from './health.js';

/** One customer of the history: its fields, its usage trends, and whether it had the good outcome. */
export interface HealthRow {
  id: string;
  values: Readonly<Record<string, unknown>>;
  trends: ReadonlyMap<string, number>;
  /** True for the good outcome (renewed, expanded), false for the bad one (churned). */
  good: boolean;
}

/** A measure's weight before and after, with what the fit made of it. */
interface WeightChange {
  measure: string;
  coefficient: number | null;
  from: number;
  to: number;
}

/** A calibration: AUC of health against the outcome on held-back customers, before and after. */
export interface HealthCalibration {
  customers: number;
  train: number;
  test: number;
  good: number;
  aucBefore: number | null;
  aucAfter: number | null;
  weights: WeightChange[];
  patch: ConfigPatch[];
  proposed: boolean;
  reason: string;
}

const round = (n: number, p = 4) => Math.round(n * 10 ** p) / 10 ** p;

function contributions(
  model: HealthModel,
  rows: readonly HealthRow[],
): { scores: number[]; features: number[][] } {
  const scores: number[] = [];
  const features: number[][] = [];
  for (const r of rows) {
    const h = scoreHealth(model, r.values as never, (m) => r.trends.get(m) ?? null);
    scores.push(h.score);
    features.push(h.measures.map((m) => m.points));
  }
  return { scores, features };
}

/** Whole-number weights in proportion to `raw`, each at least `min`, adding up to exactly 100. */
export function normalise(raw: readonly number[], min: number): number[] {
  const floor = raw.map((r) => Math.max(r, 0));
  const total = floor.reduce((a, b) => a + b, 0);
  const share = total === 0 ? raw.map(() => 100 / raw.length) : floor.map((r) => (r / total) * 100);
  const w = share.map((s) => Math.max(min, Math.round(s)));
  let diff = 100 - w.reduce((a, b) => a + b, 0);
  const order = share.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0; diff !== 0 && k < order.length * 100; k++) {
    const i = order[k % order.length]?.[1] ?? 0;
    const step = diff > 0 ? 1 : -1;
    if (step < 0 && (w[i] ?? 0) - 1 < min) continue;
    w[i] = (w[i] ?? 0) + step;
    diff -= step;
  }
  return w;
}

/**
 * Fits the measure weights on outcomes: a seeded, stratified split holds back a share of the
 * customers; a logistic regression (ml-logistic-regression) of the good outcome on each measure's
 * points is fitted on the rest; each weight becomes proportional to weight × coefficient (a measure
 * that does not predict the outcome drops to the floor weight), re-normalised to 100. Both weight
 * sets score the held-back customers, and the proposal stands when AUC gains at least `minAucGain`.
 */
export function calibrateHealth(
  config: Readonly<ExpandConfig>,
  rows: readonly HealthRow[],
): HealthCalibration {
  const o = config.calibration;
  const labels = rows.map((r) => r.good);
  const { train, test } = seededSplit(labels, o.holdout, o.seed);
  const trainRows = train.map((i) => rows[i] as HealthRow);
  const testRows = test.map((i) => rows[i] as HealthRow);
  const model = compileHealth(config.health);
  const testLabels = testRows.map((r) => r.good);
  const aucBefore = auc(contributions(model, testRows).scores, testLabels);
  const good = labels.filter(Boolean).length;
  const base = {
    customers: rows.length,
    train: trainRows.length,
    test: testRows.length,
    good,
    aucBefore: aucBefore === null ? null : round(aucBefore),
  };
  const trainGood = trainRows.filter((r) => r.good).length;
  if (trainGood < o.minOutcomes || trainRows.length - trainGood < o.minOutcomes)
    return {
      ...base,
      aucAfter: null,
      weights: [],
      patch: [],
      proposed: false,
      reason: `too few outcomes to fit: ${trainGood} good and ${trainRows.length - trainGood} bad training customers (need ${o.minOutcomes} of each)`,
    };
  const fitted = fitLogistic(
    contributions(model, trainRows).features,
    trainRows.map((r) => r.good),
  );
  const measures = config.health.measures;
  const raw = measures.map((m, j) => m.weight * Math.max(0, fitted[j]?.coefficient ?? 0));
  const to = normalise(raw, o.minWeight);
  const reweighted = {
    ...config.health,
    measures: measures.map((m, j) => ({ ...m, weight: to[j] ?? m.weight })),
  };
  const after = auc(contributions(compileHealth(reweighted), testRows).scores, testLabels);
  const aucAfter = after === null ? null : round(after);
  const weights = measures.map((m, j) => ({
    measure: m.name,
    coefficient: fitted[j]?.coefficient == null ? null : round(fitted[j]?.coefficient ?? 0, 5),
    from: m.weight,
    to: to[j] ?? m.weight,
  }));
  const patch: ConfigPatch[] = weights.flatMap((w, j) =>
    w.from === w.to ? [] : [{ path: `health.measures.${j}.weight`, from: w.from, to: w.to }],
  );
  const gain = (aucAfter ?? 0) - (base.aucBefore ?? 0);
  const proposed = patch.length > 0 && base.aucBefore !== null && gain >= o.minAucGain;
  const reason = proposed
    ? `held-back AUC ${base.aucBefore} -> ${aucAfter} (+${round(gain)})`
    : `the fitted weights do not beat the current ones on held-back customers (AUC ${base.aucBefore} -> ${aucAfter}; need +${o.minAucGain})`;
  return { ...base, aucAfter, weights, patch: proposed ? patch : [], proposed, reason };
}
