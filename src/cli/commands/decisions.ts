import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { chainViews, decisionReadsJson, getDecisionView, listDecisionViews } from '../../store/index.js';
import { shortVersion } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';
import { sinceInstant } from './route.js';

type ListOptions = CommonOptions & {
  loop?: string;
  since?: string;
  subject?: string;
  mode?: string;
  limit: string;
};

/** `revloops decisions list|chain`: what the loops decided. */
export function registerDecisions(program: Command, rt: CliRuntime): void {
  const decisions = program.command('decisions').description('list decisions and chains');
  common(decisions.command('list'))
    .description('list decisions, oldest first')
    .option('--loop <loop>', 'only this loop')
    .option('--since <span>', 'only decisions made since then: 7d, 24h, 90m or an ISO-8601 instant')
    .option('--subject <subject>', 'only this subject, e.g. lead:123')
    .option('--mode <mode>', 'only live, review, feedback or shadow decisions')
    .option('--limit <n>', 'at most this many', '100')
    .action(async (opts: ListOptions) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit <= 0)
        throw new RevloopsError('USAGE', '--limit expects a positive integer');
      const since = opts.since
        ? sinceInstant(opts.since, (rt.setup.clock ?? (() => new Date()))())
        : undefined;
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const rows = await listDecisionViews(store.db, {
          limit,
          ...(opts.loop ? { loop: opts.loop } : {}),
          ...(since ? { since } : {}),
          ...(opts.subject ? { subject: opts.subject } : {}),
          ...(opts.mode ? { mode: opts.mode } : {}),
        });
        const summary = rows.map((d) => ({
          id: d.id,
          loop: d.loop,
          subject: d.subject,
          configVersion: d.configVersion,
          confidence: d.confidence,
          output: d.output,
          createdAt: d.createdAt,
        }));
        emit(rt, opts, summary, () =>
          rows.length === 0
            ? 'no decisions'
            : table([
                ['id', 'loop', 'subject', 'config', 'output'],
                ...rows.map((d) => [
                  d.id,
                  d.loop,
                  d.subject ?? '-',
                  shortVersion(d.configVersion),
                  brief(d.output, 70),
                ]),
              ]),
        );
      });
    });
  common(decisions.command('chain <decision-id>'))
    .description('every decision in the same chain (e.g. a lead from qualify through route and engage)')
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const d = await getDecisionView(store.db, id);
        if (!d) throw new RevloopsError('NOT_FOUND', `no decision ${id}`);
        const chain = await chainViews(store.db, d.rootId);
        emit(rt, opts, chain, () =>
          table([
            ['id', 'loop', 'subject', 'parents', 'output'],
            ...chain.map((c) => [
              c.id,
              c.loop,
              c.subject ?? '-',
              c.parentIds.join(',') || '-',
              brief(c.output, 60),
            ]),
          ]),
        );
      });
    });
  common(decisions.command('reads <decision-id>'))
    .description(
      'what a decision read, as replay sees it: every record read with its result, as JSON (explain and the lists leave it out)',
    )
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const reads = await decisionReadsJson(store.db, id);
        if (reads === undefined) throw new RevloopsError('NOT_FOUND', `no decision ${id}`);
        // Printed as stored: a scheduled run's reads can hold every record of a kind.
        rt.io.out(reads);
      });
    });
}
