import type { Command } from 'commander';
import { type Json, RevloopsError } from '../../kernel/index.js';
import { whatIfTask } from '../../loops/design/agent.js';
import type { DesignConfig } from '../../loops/design/config.js';
import { applyChanges, whatIfContext } from '../../loops/design/whatif-changes.js';
import type { Scenario } from '../../planning/scenario.js';
import { resolveScenario, validateScenario } from '../../runtime/scenarios.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { type CliRuntime, common, emit } from '../program.js';
import { compareModels, compareText, modelScenario } from './scenario.js';

/** `revloops whatif "<question>"`: the question as changes to a copy of the active scenario, compared with it. Nothing is written. */
export function registerWhatIf(program: Command, rt: CliRuntime): void {
  common(program.command('whatif <question>'))
    .description(
      'ask a planning question ("add two reps to EMEA in Q2", "raise the enterprise threshold to 2,000 employees"); the answer is the active scenario compared with its changed copy',
    )
    .option('-s, --scenario <name>', 'the scenario to start from (default: the active one)')
    .action(async (question: string, opts: CommonOptions & { scenario?: string }) => {
      await withWorkspace(opts, rt.setup, async ({ engine, workspace }) => {
        const name = opts.scenario ?? workspace.config.scenario;
        if (!name)
          throw new RevloopsError(
            'USAGE',
            'no active scenario: set scenario: in revloops.yaml or pass --scenario',
          );
        const design = workspace.loops.get('design');
        if (!design?.enabled)
          throw new RevloopsError('LOOP_NOT_FOUND', 'the design loop is not enabled in this workspace');
        const base = validateScenario(resolveScenario(workspace.dir, name), design.loop.input) as Scenario;
        const answer = await engine.agents.ask(whatIfTask, { question, context: whatIfContext(base) });
        const min = (design.config as DesignConfig).whatIf.minConfidence;
        if (answer.confidence < min || answer.answer.changes.length === 0)
          throw new RevloopsError(
            'USAGE',
            `could not map the question to changes (confidence ${answer.confidence}): ${answer.reasoning}. See the design README for the questions understood.`,
          );
        const changed = applyChanges(base, answer.answer.changes);
        const a = await modelScenario(engine, name);
        const b = await modelScenario(engine, name, changed as unknown as Json);
        const rows = compareModels(a, b).filter((r) => r.delta !== 0);
        emit(
          rt,
          opts,
          {
            question,
            scenario: name,
            changes: answer.answer.changes,
            confidence: answer.confidence,
            reasoning: answer.reasoning,
            rows,
          },
          () =>
            [
              `${question}`,
              `  read as: ${answer.reasoning} (confidence ${answer.confidence}, ${answer.provider})`,
              '',
              rows.length === 0 ? 'No figure changes.' : compareText(name, 'what-if', rows),
            ].join('\n'),
        );
      });
    });
}
