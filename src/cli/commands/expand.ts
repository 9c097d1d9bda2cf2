import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { calibrateHealth, type HealthCalibration } from '../../loops/expand/calibrate.js';
import { healthHistory } from '../../loops/expand/calibration-history.js';
import type { ExpandConfig } from '../../loops/expand/config.js';
import { findRecords } from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

type CalibrateOptions = CommonOptions & { outcome: string };

const fixed = (n: number | null) => (n === null ? '-' : n.toFixed(4));

function human(r: HealthCalibration, outcome: string, left: { without: number; unreadable: number }): string {
  const lines = [
    `calibrating expand health on ${r.customers} customers with ${outcome}: ${r.train} to fit, ${r.test} held back (${r.good} with the good outcome)`,
  ];
  if (left.without > 0 || left.unreadable > 0)
    lines.push(
      `left out: ${left.without} customer(s) without ${outcome}, ${left.unreadable} with a value that is not true/false`,
    );
  lines.push(
    '',
    `AUC of health against ${outcome} on held-back customers: before ${fixed(r.aucBefore)}, after ${fixed(r.aucAfter)}`,
    '',
  );
  if (r.weights.length > 0)
    lines.push(
      'measure weights (log-odds per point, weight before -> after):',
      table(
        r.weights.map((w) => [
          `  ${w.measure}`,
          w.coefficient === null ? '-' : w.coefficient.toFixed(5),
          `${w.from} -> ${w.to}`,
        ]),
      ),
      '',
    );
  lines.push(r.proposed ? `proposed (${r.reason}):` : `no change proposed: ${r.reason}`);
  for (const p of r.patch) lines.push(`  ${p.path}: ${JSON.stringify(p.from)} -> ${JSON.stringify(p.to)}`);
  if (r.proposed)
    lines.push('', 'edit loops/expand.yaml to apply it (or open it as a proposal), then re-run to check.');
  return lines.join('\n');
}

/** `revloops expand calibrate`: fits expand's health weights on imported customer outcomes. */
export function registerExpand(program: Command, rt: CliRuntime): void {
  const expand = program.command('expand').description('customer health tools: calibrate the health score');
  common(expand.command('calibrate'))
    .description(
      'fit the health measure weights on customer records with an outcome (churned, expanded); print AUC of health against it before and after on held-back customers, and the proposed weights',
    )
    .requiredOption('--outcome <field>', 'the customer field holding the outcome (true/false), e.g. churned')
    .action(async (opts: CalibrateOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store, workspace }) => {
        const loaded = workspace.loops.get('expand');
        if (!loaded?.enabled)
          throw new RevloopsError('LOOP_NOT_FOUND', 'expand is not enabled in this workspace');
        const config = loaded.config as ExpandConfig;
        const customers = await findRecords(store.db, store.dialect, 'customer', {});
        const metrics = config.health.measures.flatMap((m) =>
          m.usageTrend === undefined ? [] : [m.usageTrend],
        );
        const usage = metrics.length > 0 ? await findRecords(store.db, store.dialect, 'usage', {}) : [];
        const history = healthHistory(customers, usage, metrics, opts.outcome);
        if (history.rows.length === 0)
          throw new RevloopsError(
            'USAGE',
            `none of ${customers.length} customer record(s) has ${opts.outcome} as true/false; import customer history first (revloops import customer <file>)`,
          );
        const report = calibrateHealth(config, history.rows);
        const left = { without: history.withoutOutcome, unreadable: history.unreadable };
        emit(rt, opts, { outcome: opts.outcome, leftOut: left, ...report }, () =>
          human(report, opts.outcome, left),
        );
      });
    });
}
