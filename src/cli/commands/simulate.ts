import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import type { FairnessLedger } from '../../loops/route/fairness.js';
import { loadLoopConfigFile } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';
import { type SimulationReport, simulationReport } from '../simulation-report.js';
import { sinceInstant } from './route.js';

type Options = CommonOptions & { config: string; against?: string; since?: string; show: string };

function human(r: SimulationReport): string {
  const lines = [
    `simulated ${r.inputs} input(s) of ${r.loop}: active ${r.active.source} (${r.active.version.slice(0, 12)}) vs proposed ${r.proposed.source} (${r.proposed.version.slice(0, 12)})`,
    `${r.changed} changed (${r.inputs ? ((100 * r.changed) / r.inputs).toFixed(1) : '0.0'}%); failed runs: ${r.errors.before} before, ${r.errors.after} after${r.errors.first ? ` (first: ${r.errors.first})` : ''}`,
  ];
  for (const [field, counts] of Object.entries(r.outcomes)) {
    const rows = Object.entries(counts).filter(([, c]) => c.before !== c.after || c.before > 0);
    if (rows.length === 0) continue;
    lines.push(
      '',
      table([
        [field, 'before', 'after', 'change'],
        ...rows.map(([v, c]) => [
          v,
          String(c.before),
          String(c.after),
          `${c.after - c.before > 0 ? '+' : ''}${c.after - c.before}`,
        ]),
      ]),
    );
  }
  if (r.changes.length > 0) {
    lines.push('', `changed (first ${r.changes.length}):`);
    for (const c of r.changes) {
      const diff = Object.keys({ ...c.before, ...c.after })
        .filter((k) => c.before[k] !== c.after[k])
        .map((k) => `${k} ${c.before[k] ?? '-'} → ${c.after[k] ?? '-'}`);
      lines.push(`  ${c.id}: ${diff.join(', ')}`);
    }
  }
  for (const [pool, { before, after }] of Object.entries(r.fairness ?? {})) {
    const users = [...new Set([...before.rows, ...after.rows].map((x) => x.user))];
    const row = (l: FairnessLedger, u: string) => l.rows.find((x) => x.user === u);
    lines.push(
      '',
      `fairness of pool ${pool}: max relative deviation ${before.maxRelativeDeviation} before, ${after.maxRelativeDeviation} after`,
      table([
        ['member', 'assigned before', 'share', 'assigned after', 'share'],
        ...users.map((u) => [
          u,
          String(row(before, u)?.assigned ?? 0),
          `${(100 * (row(before, u)?.share ?? 0)).toFixed(1)}%`,
          String(row(after, u)?.assigned ?? 0),
          `${(100 * (row(after, u)?.share ?? 0)).toFixed(1)}%`,
        ]),
      ]),
    );
  }
  return lines.join('\n');
}

/** `revloops simulate <loop>`: a proposed config against history, with nothing written, and the difference. */
export function registerSimulate(program: Command, rt: CliRuntime): void {
  common(program.command('simulate <loop>'))
    .description(
      'run a proposed loop config beside the active one over historical inputs, writing nothing, and show what would change',
    )
    .requiredOption('--config <file>', 'the proposed loop config (a loops/<loop>.yaml file)')
    .option('--against <file>', 'historical inputs: a .csv or .jsonl file of the loop input (e.g. leads)')
    .option(
      '--since <span>',
      'or the inputs the loop decided on since then: 30d, 24h, or an ISO-8601 instant',
    )
    .option('--show <n>', 'changed inputs to list', '20')
    .action(async (loopName: string, opts: Options) => {
      if (!opts.against === !opts.since)
        throw new RevloopsError(
          'USAGE',
          'give the history to simulate against: --against <file> or --since <span>',
        );
      const now = (rt.setup.clock ?? (() => new Date()))();
      await withWorkspace(opts, rt.setup, async ({ workspace, engine }) => {
        const report = await simulationReport(engine, {
          loop: loopName,
          proposed: loadLoopConfigFile(workspace, opts.config, loopName),
          proposedSource: opts.config,
          against: opts.against,
          since: opts.since ? sinceInstant(opts.since, now) : undefined,
          show: Number(opts.show),
          now,
        });
        emit(rt, opts, report, () => human(report));
      });
    });
}
