import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { chainLinks, getDecisionView } from '../../store/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';
import { explainText } from './explain-format.js';

/** `revloops explain <id>`: a decision with its versions, trace, effects and chain. */
export function registerExplain(program: Command, rt: CliRuntime): void {
  common(program.command('explain <decision-id>'))
    .description('show why a decision came out as it did: rules, factors, agent calls, effects, chain')
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const d = await getDecisionView(store.db, id);
        if (!d) throw new RevloopsError('NOT_FOUND', `no decision ${id}`);
        const chain = await chainLinks(store.db, d.rootId);
        emit(
          rt,
          opts,
          {
            decision: d,
            chain,
          },
          () => explainText(d, chain),
        );
      });
    });
}
