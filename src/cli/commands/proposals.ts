import type { Command } from 'commander';
import {
  acceptProposal,
  type ConfigChangeResult,
  getProposal,
  proposals,
  proposeChange,
  rejectProposal,
  rollbackProposal,
  shadowComparison,
  shadowProposal,
} from '../../feedback/index.js';
import { type ConfigPatch, RevloopsError } from '../../kernel/index.js';
import { shortVersion, spanMs, valueAt } from '../../workspace/index.js';
import { type ActingOptions, actorOf, collect, parseSetting } from '../actor.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';
import { proposalsTable, proposalText } from './proposals-format.js';

type ActOptions = ActingOptions & { reason?: string };
const STATUSES = ['open', 'accepted', 'rejected', 'superseded', 'rolled-back', 'all'];
const clockOf = (rt: CliRuntime) => (rt.setup.clock ?? (() => new Date()))();

function changeText(verb: string, r: ConfigChangeResult): string {
  const d = r.decision;
  return [
    `${verb} proposal ${r.proposal.id}: ${r.proposal.loop} now runs config ${shortVersion(r.version)}`,
    `  file ${r.proposal.source ?? '-'}${r.commit ? `, commit ${r.commit.slice(0, 10)}` : ' (not a git workspace: no commit)'}`,
    `  decision ${d.id} (revloops explain ${d.id})`,
    ...r.diff.split('\n').map((l) => `  ${l}`),
  ].join('\n');
}

/** `revloops proposals list|show|new|accept|reject|rollback|shadow`: config changes with evidence and a backtest. */
export function registerProposals(program: Command, rt: CliRuntime): void {
  const cmd = program
    .command('proposals')
    .description(
      'config changes proposed by feedback or people: evidence, YAML diff, backtest, accept or reject',
    );
  common(cmd.command('list'))
    .description('proposals, newest first (default: open ones)')
    .option('--loop <loop>', 'only this loop')
    .option('--status <status>', `${STATUSES.join(', ')}`, 'open')
    .action(async (opts: CommonOptions & { loop?: string; status: string }) => {
      if (!STATUSES.includes(opts.status))
        throw new RevloopsError(
          'USAGE',
          `--status expects one of ${STATUSES.join(', ')}, got ${opts.status}`,
        );
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const list = await proposals(store.db, {
          ...(opts.loop ? { loop: opts.loop } : {}),
          ...(opts.status === 'all' ? {} : { status: opts.status }),
        });
        emit(rt, opts, list, () => proposalsTable(list));
      });
    });
  common(cmd.command('show <proposal-id>'))
    .description(
      'the evidence, the YAML diff, the backtest before/after, rollback criteria and, in shadow, the live comparison',
    )
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const p = await getProposal(store.db, id);
        const shadow = await shadowComparison(engine, p);
        emit(rt, opts, { ...p, shadow }, () => proposalText(p, shadow));
      });
    });
  common(cmd.command('new <loop>'))
    .description('propose a config change yourself: it gets the same diff, backtest and rollback criteria')
    .requiredOption(
      '--set <path=value>',
      'a config field and its new value (JSON or text); repeatable',
      collect,
    )
    .requiredOption('--title <text>', 'what the change is, in a sentence')
    .option('--as <user>', 'who proposes it (default: REVLOOPS_USER)')
    .option('--reason <text>', 'why')
    .option('--window <span>', 'history the backtest re-runs: 7d, 24h, 90m', '7d')
    .action(async (loop: string, opts: ActOptions & { set: string[]; title: string; window: string }) => {
      const ms = spanMs(opts.window);
      if (ms === undefined)
        throw new RevloopsError('USAGE', `--window expects a span such as 7d, got ${opts.window}`);
      await withWorkspace(opts, rt.setup, async ({ engine, store, workspace }) => {
        const actor = await actorOf(store, opts, rt.setup);
        const loaded = workspace.loops.get(loop);
        if (!loaded) throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${loop} in this workspace`);
        const patch: ConfigPatch[] = opts.set.map(parseSetting).map((s) => ({
          path: s.path,
          from: valueAt(loaded.config, s.path) ?? null,
          to: s.value,
        }));
        const now = clockOf(rt);
        const p = await proposeChange(engine, {
          loop,
          title: opts.title,
          patch,
          by: actor.id,
          ...(opts.reason ? { reason: opts.reason } : {}),
          window: { since: new Date(now.getTime() - ms).toISOString(), until: now.toISOString() },
          now,
        });
        emit(rt, opts, p, () => proposalText(p, null));
      });
    });
  const act = (name: string, description: string) =>
    common(cmd.command(name))
      .description(description)
      .option('--as <user>', "who acts (default: REVLOOPS_USER): the loop's owner or an admin role")
      .option('--reason <text>', 'why');
  act(
    'accept <proposal-id>',
    'write the patched YAML, commit it in a git workspace, record the new config version',
  )
    .option('--dry-run', 'show what would be written and committed, change nothing')
    .action(async (id: string, opts: ActOptions & { dryRun?: boolean }) => {
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const actor = await actorOf(store, opts, rt.setup);
        if (opts.dryRun) {
          const p = await getProposal(store.db, id);
          emit(
            rt,
            opts,
            { dryRun: true, proposal: p },
            () => `dry run: nothing written\n${proposalText(p, null)}`,
          );
          return;
        }
        const r = await acceptProposal(
          engine,
          id,
          { actor },
          { now: clockOf(rt), ...(opts.reason ? { reason: opts.reason } : {}) },
        );
        emit(rt, opts, r, () => changeText('accepted', r));
      });
    });
  act('reject <proposal-id>', 'reject with a reason (counts against earned autonomy for its kind)').action(
    async (id: string, opts: ActOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const actor = await actorOf(store, opts, rt.setup);
        const r = await rejectProposal(engine, id, actor, { reason: opts.reason ?? '', now: clockOf(rt) });
        emit(rt, opts, r, () => `rejected proposal ${r.proposal.id}: decision ${r.decision.id}`);
      });
    },
  );
  act(
    'rollback <proposal-id>',
    'restore the config an accepted proposal replaced (a new commit and config version)',
  ).action(async (id: string, opts: ActOptions) => {
    await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
      const actor = await actorOf(store, opts, rt.setup);
      const r = await rollbackProposal(
        engine,
        id,
        { actor },
        { now: clockOf(rt), ...(opts.reason ? { reason: opts.reason } : {}) },
      );
      emit(rt, opts, r, () => changeText('rolled back', r));
    });
  });
  act(
    'shadow <proposal-id>',
    'run the proposed config beside the active one on live events, recording what it would do',
  )
    .option('--stop', 'stop running it in shadow')
    .action(async (id: string, opts: ActOptions & { stop?: boolean }) => {
      await withWorkspace(opts, rt.setup, async ({ engine, store }) => {
        const actor = await actorOf(store, opts, rt.setup);
        const r = await shadowProposal(engine, id, actor, { on: !opts.stop, now: clockOf(rt) });
        emit(rt, opts, r, () =>
          opts.stop
            ? `proposal ${r.proposal.id} no longer runs in shadow`
            : `proposal ${r.proposal.id} runs in shadow from now on; revloops proposals show ${r.proposal.id} compares it with live`,
        );
      });
    });
}
