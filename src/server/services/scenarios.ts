import { RevloopsError } from '../../kernel/index.js';
import { compareArtifacts, latestArtifact, runModel } from '../../runtime/index.js';
import type { ServerContext } from '../context.js';
import { loopNamed } from './loops.js';

/** Runs a modeling loop on a scenario and stores the artifact (a decision with both versions). */
export async function runScenario(ctx: ServerContext, loop: string, scenario: string) {
  const loaded = loopNamed(ctx, loop);
  if (!loaded.enabled) throw new RevloopsError('LOOP_NOT_FOUND', `loop ${loop} is not enabled`);
  const d = await runModel(ctx.engine, loaded, scenario, ctx.clock());
  return { loop, scenario, decisionId: d.id, configVersion: d.configVersion, artifact: d.output };
}

/** The newest artifact of a loop for a scenario. */
export async function scenarioArtifact(ctx: ServerContext, loop: string, scenario: string) {
  loopNamed(ctx, loop);
  const d = await latestArtifact(ctx.engine, loop, scenario);
  return { loop, scenario, decisionId: d.id, configVersion: d.configVersion, artifact: d.output };
}

/** The newest artifacts of two scenarios side by side, with numeric deltas (b − a). */
export async function compareScenarios(ctx: ServerContext, loop: string, a: string, b: string) {
  const da = await latestArtifact(ctx.engine, loop, a);
  const db = await latestArtifact(ctx.engine, loop, b);
  return {
    loop,
    a: { scenario: a, decisionId: da.id },
    b: { scenario: b, decisionId: db.id },
    rows: compareArtifacts(da.output, db.output).map((r) => ({
      path: r.path,
      a: r.a ?? null,
      b: r.b ?? null,
      delta: r.delta,
    })),
  };
}
