import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { compareArtifacts, latestArtifact, runModel } from '../../runtime/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

/** `revloops model run|compare` for modeling loops. */
export function registerModel(program: Command, rt: CliRuntime): void {
  const model = program.command('model').description('run modeling loops on scenarios and compare artifacts');
  common(model.command('run <loop>'))
    .description('compute an artifact from a scenario (scenarios/<name>.yaml) and store it with its versions')
    .requiredOption('-s, --scenario <name>', 'the scenario to model')
    .action(async (name: string, opts: CommonOptions & { scenario: string }) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const loaded = engine.workspace.loops.get(name);
        if (!loaded?.enabled)
          throw new RevloopsError('LOOP_NOT_FOUND', `no enabled loop ${name} in this workspace`);
        const d = await runModel(engine, loaded, opts.scenario, (rt.setup.clock ?? (() => new Date()))());
        emit(
          rt,
          opts,
          { decisionId: d.id, scenario: opts.scenario, artifact: d.output },
          () => `artifact ${d.id} for scenario ${opts.scenario}:\n  ${brief(d.output, 400)}`,
        );
      });
    });
  common(model.command('compare <loop> <a> <b>'))
    .description('the newest artifacts of two scenarios side by side, with deltas (b − a)')
    .action(async (name: string, a: string, b: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ engine }) => {
        const da = await latestArtifact(engine, name, a);
        const db = await latestArtifact(engine, name, b);
        const rows = compareArtifacts(da.output, db.output);
        emit(
          rt,
          opts,
          { loop: name, a: { scenario: a, decisionId: da.id }, b: { scenario: b, decisionId: db.id }, rows },
          () =>
            table([
              ['field', a, b, 'delta'],
              ...rows.map((r) => [
                r.path,
                brief(r.a ?? null, 30),
                brief(r.b ?? null, 30),
                r.delta === null ? '' : r.delta > 0 ? `+${r.delta}` : String(r.delta),
              ]),
            ]),
        );
      });
    });
}
