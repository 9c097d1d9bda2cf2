import type { ConfigPatch } from '../../kernel/index.js';
import { auc, seededSplit } from '../../stats/auc.js';
import { fitLogistic } from '../../stats/logistic-fit.js';
import { applyPatches, thresholdPatches, weightPatches } from './calibration-patch.js';
import { type GradeRow, gradeTable } from './calibration-stats.js';
import { QualifyConfig } from './config.js';
import { compileModel, type ScoreResult, scoreLead } from './logic.js';

/** One lead of the history: what it looked like when scored, when that was, and its outcome. */
export interface CalibrationRow {
  id: string;
  subject: Readonly<Record<string, unknown>>;
  at: Date;
  outcome: boolean;
}

/** How a config does on a set of leads: AUC of its score for the outcome, and the grade table. */
export interface Backtest {
  leads: number;
  positives: number;
  auc: number | null;
  grades: GradeRow[];
}

/** What the fit made of one factor. */
interface FactorWeight {
  factor: string;
  /** Training leads the factor gave points to. */
  examples: number;
  /** Log-odds per point (null: the factor never varied). */
  coefficient: number | null;
  /** What its points are multiplied by in the proposal. */
  multiplier: number;
  note: string;
}

/** A calibration run: the current config and the proposal, both tested on the same held-back leads. */
export interface CalibrationReport {
  holdout: number;
  seed: number;
  train: { leads: number; positives: number };
  before: Backtest;
  after: Backtest | null;
  weights: FactorWeight[];
  /** The proposed change (empty when there is none). */
  patch: ConfigPatch[];
  proposed: boolean;
  reason: string;
}

/** How a calibration runs: the `proposals.recalibrate` settings it uses. */
export type CalibrationOptions = Pick<
  QualifyConfig['proposals']['recalibrate'],
  'holdout' | 'seed' | 'minOutcomes' | 'minFactorExamples' | 'maxMultiplier' | 'minAucGain'
>;

const round = (n: number, places = 4) => Math.round(n * 10 ** places) / 10 ** places;

function backtest(
  config: QualifyConfig,
  results: readonly ScoreResult[],
  rows: readonly CalibrationRow[],
): Backtest {
  const labels = rows.map((r) => r.outcome);
  const a = auc(
    results.map((r) => r.score),
    labels,
  );
  const order = [...config.grades.thresholds.map((t) => t.grade), config.grades.otherwise];
  return {
    leads: rows.length,
    positives: labels.filter(Boolean).length,
    auc: a === null ? null : round(a),
    grades: gradeTable(
      order,
      results.map((r) => r.grade),
      labels,
    ),
  };
}

function scoreAll(config: QualifyConfig, rows: readonly CalibrationRow[]): ScoreResult[] {
  const model = compileModel(config);
  return rows.map((r) => scoreLead(model, r.subject, r.at));
}

/** Multipliers from the coefficients, scaled so the new points best match the current score's range. */
function multipliers(
  names: readonly string[],
  features: readonly number[][],
  fitted: ReturnType<typeof fitLogistic>,
  o: CalibrationOptions,
): FactorWeight[] {
  let num = 0;
  let den = 0;
  for (const x of features) {
    const current = x.reduce((s, v) => s + v, 0);
    const linear = x.reduce((s, v, j) => s + v * (fitted[j]?.coefficient ?? 0), 0);
    num += current * linear;
    den += linear * linear;
  }
  const scale = den === 0 ? 0 : num / den;
  return names.map((factor, j) => {
    const { coefficient, examples } = fitted[j] ?? { coefficient: null, examples: 0 };
    const base = { factor, examples, coefficient: coefficient === null ? null : round(coefficient, 5) };
    if (coefficient === null) return { ...base, multiplier: 1, note: 'never scored: kept' };
    if (examples < o.minFactorExamples)
      return { ...base, multiplier: 1, note: `only ${examples} training leads: kept` };
    const raw = coefficient * scale;
    const multiplier = round(Math.min(o.maxMultiplier, Math.max(0, raw)), 2);
    const note =
      raw <= 0
        ? 'no positive association with the outcome: points removed'
        : raw > o.maxMultiplier
          ? `capped at ×${o.maxMultiplier}`
          : `×${multiplier}`;
    return { ...base, multiplier, note };
  });
}

/**
 * Fits factor weights on outcomes and tests them: splits the history (seeded, stratified) into a
 * training share and a held-back share, fits a logistic regression of the outcome on each factor's
 * points on the training share, turns the coefficients into a multiplier per factor, re-sets the
 * grade thresholds so the training grade mix stays as it was, and scores the held-back leads with the
 * current and the proposed config. The proposal stands when the held-back AUC improves by at least
 * `minAucGain`.
 */
export function calibrate(
  config: QualifyConfig,
  rows: readonly CalibrationRow[],
  o: CalibrationOptions,
): CalibrationReport {
  const { train, test } = seededSplit(
    rows.map((r) => r.outcome),
    o.holdout,
    o.seed,
  );
  const trainRows = train.map((i) => rows[i] as CalibrationRow);
  const testRows = test.map((i) => rows[i] as CalibrationRow);
  const trainScores = scoreAll(config, trainRows);
  const before = backtest(config, scoreAll(config, testRows), testRows);
  const positives = trainRows.filter((r) => r.outcome).length;
  const report = (
    fields: Pick<CalibrationReport, 'after' | 'weights' | 'patch' | 'proposed' | 'reason'>,
  ): CalibrationReport => ({
    holdout: o.holdout,
    seed: o.seed,
    train: { leads: trainRows.length, positives },
    before,
    ...fields,
  });
  const negatives = trainRows.length - positives;
  if (positives < o.minOutcomes || negatives < o.minOutcomes)
    return report({
      after: null,
      weights: [],
      patch: [],
      proposed: false,
      reason: `too few outcomes to fit: ${positives} positive and ${negatives} negative training leads (need ${o.minOutcomes} of each)`,
    });
  const names = trainScores[0]?.contributions.map((c) => c.factor) ?? [];
  const features = trainScores.map((s) => s.contributions.map((c) => c.points));
  const fitted = fitLogistic(
    features,
    trainRows.map((r) => r.outcome),
  );
  if (fitted.some((f) => f.coefficient !== null && !Number.isFinite(f.coefficient)))
    return report({ after: null, weights: [], patch: [], proposed: false, reason: 'the fit did not settle' });
  const weights = multipliers(names, features, fitted, o);
  const reweight = weightPatches(config, new Map(weights.map((w) => [w.factor, w.multiplier])));
  const reweighted = QualifyConfig.parse(applyPatches(config, reweight));
  const pairs = {
    before: trainScores.map((s) => ({ score: s.score, fit: s.groups.fit })),
    after: scoreAll(reweighted, trainRows).map((s) => ({ score: s.score, fit: s.groups.fit })),
  };
  const patch = [...reweight, ...thresholdPatches(config, pairs)];
  const proposedConfig = QualifyConfig.parse(applyPatches(config, patch));
  const after = backtest(proposedConfig, scoreAll(proposedConfig, testRows), testRows);
  const gain = (after.auc ?? 0) - (before.auc ?? 0);
  const proposed = patch.length > 0 && before.auc !== null && gain >= o.minAucGain;
  const reason = proposed
    ? `held-back AUC ${before.auc} -> ${after.auc} (+${round(gain)})`
    : `the fitted weights do not beat the current ones on held-back leads (AUC ${before.auc} -> ${after.auc}; need +${o.minAucGain})`;
  return report({ after, weights, patch: proposed ? patch : [], proposed, reason });
}
