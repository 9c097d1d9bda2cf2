import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { type ReplayReport, replayAll, replayOne } from '../../runtime/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, EXIT } from '../io.js';
import { type CliRuntime, common } from '../program.js';
import { sinceInstant } from './route.js';

function human(report: ReplayReport): string {
  const lines = [`checked ${report.checked}, identical ${report.identical}, different ${report.different}`];
  for (const r of report.results.filter((x) => !x.identical)) {
    const d = r.difference;
    lines.push(
      `  ${r.id} (${r.loop}): first difference at ${d?.path ?? '?'}: recorded ${brief(d?.expected, 60)}, replayed ${brief(d?.actual, 60)}`,
    );
    if (r.note) lines.push(`    ${r.note}`);
  }
  return lines.join('\n');
}

/** `revloops replay`: recomputes decisions from their stored inputs and reports any difference. */
export function registerReplay(program: Command, rt: CliRuntime): void {
  common(program.command('replay [decision-id]'))
    .description(
      'recompute decisions with the recorded clock, seed, reads and agent answers; report differences',
    )
    .option('--all', 'replay every stored decision')
    .option('--loop <loop>', 'with --all: only this loop')
    .option(
      '--since <span>',
      'with --all: only decisions made since then: 7d, 24h, 90m or an ISO-8601 instant',
    )
    .action(
      async (
        id: string | undefined,
        opts: CommonOptions & { all?: boolean; loop?: string; since?: string },
      ) => {
        if (!id && !opts.all) throw new RevloopsError('USAGE', 'give a decision id or --all');
        const since = opts.since
          ? sinceInstant(opts.since, (rt.setup.clock ?? (() => new Date()))())
          : undefined;
        await withWorkspace(opts, rt.setup, async ({ store, workspace }) => {
          if (opts.loop && !workspace.loops.has(opts.loop))
            throw new RevloopsError(
              'USAGE',
              `no loop ${opts.loop} in this workspace (loops: ${[...workspace.loops.keys()].join(', ')})`,
            );
          const report = id
            ? await replayOne(store, workspace.registry, id)
            : await replayAll(store, workspace.registry, {
                ...(opts.loop ? { loop: opts.loop } : {}),
                ...(since ? { since } : {}),
              });
          if (opts.json) {
            const { results, ...counts } = report;
            rt.io.out(
              JSON.stringify({ ...counts, differences: results.filter((r) => !r.identical) }, null, 2),
            );
          } else {
            rt.io.out(human(report));
          }
          if (report.different > 0) rt.exit(EXIT.error);
        });
      },
    );
}
