import type { Command } from 'commander';
import { type FeedbackRunReport, runFeedback } from '../../feedback/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';

function human(r: FeedbackRunReport): string {
  const lines = [
    `feedback on ${r.since.slice(0, 16)} → ${r.until.slice(0, 16)}: ${r.findings.length} finding(s)`,
  ];
  for (const f of r.findings) {
    const ids = [
      f.proposalId ? `proposal ${f.proposalId}` : '',
      f.decisionId ? `decision ${f.decisionId}` : '',
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${f.loop}/${f.feedback} (level ${f.level}, ${f.severity}) ${f.outcome}${ids ? ` [${ids}]` : ''}`,
    );
    lines.push(`    ${f.message}`);
    if (f.note) lines.push(`    ${f.note}`);
  }
  for (const b of r.rollbacks)
    lines.push(
      `  rollback check ${b.proposalId}: ${b.state} (${b.value ?? '-'} over ${b.decisions} decisions) ${b.action}`,
    );
  for (const e of r.errors) lines.push(`  error in ${e.loop}/${e.feedback}: ${e.message}`);
  return lines.join('\n');
}

/** `revloops feedback run [loop]`: runs monitors, tuners and proposers now (workers run them on a schedule). */
export function registerFeedback(program: Command, rt: CliRuntime): void {
  const feedback = program.command('feedback').description('monitors, tuners and proposers');
  common(feedback.command('run [loop]'))
    .description(
      "run the loops' monitors on the metric window now: alerts to owners, proposals with backtests, bounded tuning, rollback checks",
    )
    .option('--window <span>', 'the metric window (default: governance.feedback.window, 7d)')
    .action(async (loop: string | undefined, opts: CommonOptions & { window?: string }) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const r = await runFeedback(engine, {
          now: (rt.setup.clock ?? (() => new Date()))(),
          ...(loop ? { loop } : {}),
          ...(opts.window ? { window: opts.window } : {}),
        });
        emit(rt, opts, r, () => human(r));
        if (r.errors.length > 0) rt.exit(1);
      });
    });
}
