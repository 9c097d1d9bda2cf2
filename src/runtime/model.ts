import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Decision, type DecisionView, type Json, RevloopsError } from '../kernel/index.js';
import { insertDecision, insertRun, listDecisionViews } from '../store/index.js';
import { contentHash, type LoadedLoop } from '../workspace/index.js';
import type { Engine } from './engine.js';
import { newId } from './ids.js';
import { jsonLeaves } from './json-leaves.js';
import { runRecorded } from './run-recorded.js';
import { readLoopInput, resolveScenario, validateScenario } from './scenarios.js';

/** The event type of a modeling run's decision. */
const MODEL_RUN = 'model.run';

/**
 * Reads a scenario's input for a modeling loop: `scenarios/<name>/<loop>.yaml`, or
 * `scenarios/<name>.yaml`, else the scenario itself (`scenarios/<name>/scenario.yaml` with what it
 * inherits: the territories, roster and targets design models).
 */
function scenarioInput(engine: Engine, loaded: LoadedLoop, scenario: string): unknown {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(scenario))
    throw new RevloopsError(
      'USAGE',
      `scenario names are letters, digits, dot, dash and underscore: ${scenario}`,
    );
  const dir = engine.workspace.dir;
  const candidates = [
    join(dir, 'scenarios', scenario, `${loaded.name}.yaml`),
    join(dir, 'scenarios', `${scenario}.yaml`),
  ];
  const file = candidates.find((f) => existsSync(f));
  if (!file && existsSync(join(dir, 'scenarios', scenario, 'scenario.yaml')))
    return validateScenario(resolveScenario(dir, scenario), loaded.loop.input);
  if (!file)
    throw new RevloopsError(
      'NOT_FOUND',
      `no scenario ${scenario}: expected scenarios/${scenario}/${loaded.name}.yaml, scenarios/${scenario}.yaml or scenarios/${scenario}/scenario.yaml`,
    );
  return readLoopInput(dir, loaded, file);
}

/** Runs a modeling loop on a scenario and stores the artifact as a decision with both versions and a run row. */
export async function runModel(
  engine: Engine,
  loaded: LoadedLoop,
  scenario: string,
  now: Date,
): Promise<Decision> {
  if (!loaded.loop.triggers.some((t) => t.kind === 'model'))
    throw new RevloopsError('USAGE', `loop ${loaded.name} is not a modeling loop`);
  const input = scenarioInput(engine, loaded, scenario) as Json;
  const { decision, result } = await runRecorded(engine, loaded, {
    input,
    subject: `scenario:${scenario}`,
    now,
    eventType: MODEL_RUN,
  });
  if (result.effects.length > 0)
    throw new RevloopsError(
      'CONTRACT_VIOLATION',
      `modeling loop ${loaded.name} produced effects; a model only computes an artifact`,
    );
  await engine.store.transaction(async (trx) => {
    await insertDecision(trx, decision);
    await insertRun(trx, {
      id: newId('run', now),
      loop: loaded.name,
      kind: 'model',
      status: 'done',
      config_version: loaded.version,
      started_at: now.toISOString(),
      finished_at: new Date().toISOString(),
      summary: { scenario, decisionId: decision.id, inputVersion: contentHash(input) },
    });
  });
  return decision;
}

/** The newest artifact of a loop for a scenario. */
export async function latestArtifact(engine: Engine, loop: string, scenario: string): Promise<DecisionView> {
  const all = await listDecisionViews(engine.store.db, { loop, subject: `scenario:${scenario}` });
  const found = all.filter((d) => d.eventType === MODEL_RUN).at(-1);
  if (!found)
    throw new RevloopsError(
      'NOT_FOUND',
      `no artifact of ${loop} for scenario ${scenario}: run revloops model run ${loop} --scenario ${scenario}`,
    );
  return found;
}

/** One row of a side-by-side comparison. */
export interface CompareRow {
  path: string;
  a: Json | undefined;
  b: Json | undefined;
  delta: number | null;
}

/** Two artifacts side by side, field by field, with numeric deltas (b − a). */
export function compareArtifacts(a: Json, b: Json): CompareRow[] {
  const la = jsonLeaves(a, false);
  const lb = jsonLeaves(b, false);
  const paths = [...new Set([...la.keys(), ...lb.keys()])];
  return paths.map((path) => {
    const va = la.get(path);
    const vb = lb.get(path);
    const delta = typeof va === 'number' && typeof vb === 'number' ? Math.round((vb - va) * 1e6) / 1e6 : null;
    return { path, a: va, b: vb, delta };
  });
}
