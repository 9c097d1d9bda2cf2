import type { Finding, Json } from '../../kernel/index.js';
import { auc } from '../../stats/auc.js';
import { type CalibrationReport, type CalibrationRow, calibrate } from './calibrate.js';
import { gradeTable, mixShift } from './calibration-stats.js';
import type { QualifyConfig } from './config.js';
import { compileModel, scoreLead } from './logic.js';

const DAY_MS = 86_400_000;
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/** How the current config does on one window of history: leads, AUC and the grade mix. */
interface WindowStats {
  from: string;
  to: string;
  leads: number;
  positives: number;
  auc: number | null;
  mix: Record<string, number>;
}

function windowStats(
  config: QualifyConfig,
  rows: readonly CalibrationRow[],
  from: number,
  to: number,
): WindowStats {
  const inside = rows.filter((r) => r.at.getTime() >= from && r.at.getTime() < to);
  const model = compileModel(config);
  const scored = inside.map((r) => scoreLead(model, r.subject, r.at));
  const labels = inside.map((r) => r.outcome);
  const order = [...config.grades.thresholds.map((t) => t.grade), config.grades.otherwise];
  const table = gradeTable(
    order,
    scored.map((s) => s.grade),
    labels,
  );
  const a = auc(
    scored.map((s) => s.score),
    labels,
  );
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    leads: inside.length,
    positives: labels.filter(Boolean).length,
    auc: a === null ? null : round(a),
    mix: Object.fromEntries(table.map((g) => [g.grade, g.share])),
  };
}

/** The report as evidence: the backtest before and after, the weights, and the split. */
function calibrationEvidence(r: CalibrationReport): Json {
  return JSON.parse(
    JSON.stringify({
      holdout: r.holdout,
      seed: r.seed,
      train: r.train,
      before: r.before,
      after: r.after,
      weights: r.weights,
      reason: r.reason,
    }),
  ) as Json;
}

/**
 * Level 3, on the history of scored leads with known outcomes (`proposals.recalibrate`): compares the
 * current window (the last `windowDays`) with the baseline before it. When the score's AUC fell by more
 * than `maxAucDrop`, or the grade mix moved by more than `maxMixShift`, it refits the weights and
 * thresholds on the history of both windows and proposes them, with the backtest on held-back leads
 * as evidence; if the refit does not beat the current config, it only warns.
 */
export function recalibrationFindings(
  config: QualifyConfig,
  rows: readonly CalibrationRow[],
  now: Date,
): Finding[] {
  // A config stored before this proposer existed has no settings for it: it does not run.
  const p: QualifyConfig['proposals']['recalibrate'] | undefined = config.proposals.recalibrate;
  if (p === undefined || !p.enabled) return [];
  const end = now.getTime();
  const split = end - p.windowDays * DAY_MS;
  const start = split - p.baselineDays * DAY_MS;
  const current = windowStats(config, rows, split, end);
  const baseline = windowStats(config, rows, start, split);
  if (current.leads < p.minLeads || baseline.leads < p.minLeads) return [];
  const drop = current.auc !== null && baseline.auc !== null ? round(baseline.auc - current.auc) : 0;
  const shift = mixShift(current.mix, baseline.mix);
  const triggers = [
    ...(drop > p.maxAucDrop ? [`the score's AUC fell from ${baseline.auc} to ${current.auc}`] : []),
    ...(shift > p.maxMixShift ? [`the grade mix moved by ${shift} (limit ${p.maxMixShift})`] : []),
  ];
  if (triggers.length === 0) return [];
  const history = rows.filter((r) => r.at.getTime() >= start && r.at.getTime() < end);
  const report = calibrate(config, history, p);
  const evidence = {
    baseline,
    current,
    aucDrop: drop,
    mixShift: shift,
    calibration: calibrationEvidence(report),
  } as unknown as Json;
  if (!report.proposed)
    return [
      {
        feedback: 'recalibrate',
        severity: 'warning',
        message: `Scores drifted (${triggers.join('; ')}), but a refit does not help: ${report.reason}`,
        evidence,
      },
    ];
  return [
    {
      feedback: 'recalibrate',
      severity: 'info',
      message: `Recalibrate the scoring model: ${triggers.join('; ')}. Fitted on ${report.train.leads} leads with outcomes; ${report.reason}.`,
      evidence,
      patch: report.patch,
    },
  ];
}
