import type { Command } from 'commander';
import { type Json, RevloopsError } from '../../kernel/index.js';
import type { Backtest, CalibrationReport } from '../../loops/qualify/calibrate.js';
import { calibrate } from '../../loops/qualify/calibrate.js';
import { calibrationHistory } from '../../loops/qualify/calibration-history.js';
import type { QualifyConfig } from '../../loops/qualify/config.js';
import { findRecords } from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

type CalibrateOptions = CommonOptions & { outcome: string; holdout?: string; seed?: string };

function numberOption(name: string, raw: string | undefined, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new RevloopsError('USAGE', `--${name} must be a number from ${min} to ${max}, got ${raw}`, [
      { path: name, message: `expected a number from ${min} to ${max}` },
    ]);
  return n;
}

const fixed = (n: number | null, digits = 3) => (n === null ? '-' : n.toFixed(digits));
const percent = (n: number | null) => (n === null ? '-' : `${(n * 100).toFixed(1)}%`);

/** Before and after side by side: leads, share, outcome rate and lift per grade. */
function gradeRows(before: Backtest, after: Backtest | null): string {
  const head = ['grade', 'leads', 'share', 'rate', 'lift', '', 'leads', 'share', 'rate', 'lift'];
  const rows = before.grades.map((b, i) => {
    const a = after?.grades[i];
    const side = (g: typeof b | undefined) =>
      g ? [String(g.leads), percent(g.share), percent(g.rate), fixed(g.lift, 2)] : ['', '', '', ''];
    return [b.grade, ...side(b), '|', ...side(a)];
  });
  return table([head, ['', 'before', '', '', '', '|', after ? 'after' : '', '', '', ''], ...rows]);
}

/** A change in words; for a map of points, only the entries that change. */
function change(from: Json, to: Json): string {
  const isMap = (v: Json): v is Record<string, Json> =>
    v !== null && typeof v === 'object' && !Array.isArray(v);
  if (!isMap(from) || !isMap(to)) return `${JSON.stringify(from)} -> ${JSON.stringify(to)}`;
  const changed = Object.keys(to).filter((k) => JSON.stringify(from[k]) !== JSON.stringify(to[k]));
  return changed.map((k) => `${k} ${JSON.stringify(from[k] ?? null)} -> ${JSON.stringify(to[k])}`).join(', ');
}

function human(r: CalibrationReport, outcome: string, left: { without: number; unreadable: number }): string {
  const lines = [
    `calibrating qualify on ${r.train.leads + r.before.leads} leads with ${outcome}: ${r.train.leads} to fit (${r.train.positives} positive), ${r.before.leads} held back (${r.before.positives} positive; seed ${r.seed})`,
  ];
  if (left.without > 0 || left.unreadable > 0)
    lines.push(
      `left out: ${left.without} lead(s) without ${outcome}, ${left.unreadable} with a value that is not true/false`,
    );
  lines.push(
    '',
    `AUC on held-back leads: before ${fixed(r.before.auc, 4)}, after ${fixed(r.after?.auc ?? null, 4)}`,
    '',
  );
  lines.push(gradeRows(r.before, r.after), '');
  if (r.weights.length > 0) {
    lines.push('factor weights (log-odds per point, multiplier):');
    lines.push(
      table(r.weights.map((w) => [`  ${w.factor}`, `${w.examples} leads`, fixed(w.coefficient, 4), w.note])),
      '',
    );
  }
  lines.push(r.proposed ? `proposed (${r.reason}):` : `no change proposed: ${r.reason}`);
  for (const p of r.patch) lines.push(`  ${p.path}: ${change(p.from, p.to)}`);
  if (r.proposed)
    lines.push('', 'edit loops/qualify.yaml to apply it (or accept it as a proposal), then re-run to check.');
  return lines.join('\n');
}

/** `revloops qualify calibrate`: fits qualify's weights and thresholds on imported lead history. */
export function registerQualify(program: Command, rt: CliRuntime): void {
  const qualify = program
    .command('qualify')
    .description('lead qualification tools: calibrate the scoring model');
  common(qualify.command('calibrate'))
    .description(
      'fit factor weights and grade thresholds on lead records with an outcome; print AUC and lift per grade before and after on held-back leads, and the proposed change',
    )
    .requiredOption('--outcome <field>', 'the lead field holding the outcome (true/false), e.g. converted')
    .option(
      '--holdout <share>',
      'share of leads held back to test on (default: proposals.recalibrate.holdout, 0.3)',
    )
    .option('--seed <n>', 'seed of the held-back split (default: proposals.recalibrate.seed)')
    .action(async (opts: CalibrateOptions) => {
      const holdout = numberOption('holdout', opts.holdout, 0.05, 0.9);
      const seed = numberOption('seed', opts.seed, 0, 2 ** 32 - 1);
      await withWorkspace(opts, rt.setup, async ({ store, workspace }) => {
        const loaded = workspace.loops.get('qualify');
        if (!loaded?.enabled)
          throw new RevloopsError('LOOP_NOT_FOUND', 'qualify is not enabled in this workspace');
        const config = loaded.config as QualifyConfig;
        const leads = await findRecords(store.db, store.dialect, 'lead', {});
        const now = (rt.setup.clock ?? (() => new Date()))();
        const history = calibrationHistory(leads, opts.outcome, now);
        if (history.rows.length === 0)
          throw new RevloopsError(
            'USAGE',
            `none of ${leads.length} lead record(s) has ${opts.outcome}${history.unreadable.count > 0 ? ` as true/false (e.g. ${history.unreadable.examples.join(', ')})` : ''}; import lead history first (revloops import lead <file>)`,
          );
        const options = {
          ...config.proposals.recalibrate,
          ...(holdout === undefined ? {} : { holdout }),
          ...(seed === undefined ? {} : { seed: Math.floor(seed) }),
        };
        const report = calibrate(config, history.rows, options);
        const left = { without: history.withoutOutcome, unreadable: history.unreadable.count };
        emit(rt, opts, { outcome: opts.outcome, leftOut: left, ...report }, () =>
          human(report, opts.outcome, left),
        );
      });
    });
}
