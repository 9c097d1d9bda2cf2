import { sinceInstant } from '../../cli/commands/route.js';
import { type SimulationReport, simulationReport } from '../../cli/simulation-report.js';
import { getProposal } from '../../feedback/index.js';
import { patchedFile } from '../../feedback/loop-file.js';
import { type ConfigPatch, type Json, RevloopsError } from '../../kernel/index.js';
import { contentHash, type LoadedLoop, parseLoopConfig, valueAt } from '../../workspace/index.js';
import type { ServerContext } from '../context.js';
import { loopNamed } from './loops.js';

/** A simulation request: a loop, one proposed config (YAML, field changes or a proposal), and the window. */
interface SimulationRequest {
  loop: string;
  yaml?: string | undefined;
  changes?: { path: string; value?: unknown }[] | undefined;
  proposal?: string | undefined;
  since: string;
  show: number;
}

async function proposedConfig(ctx: ServerContext, active: LoadedLoop, r: SimulationRequest) {
  const given = [r.yaml, r.changes, r.proposal].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new RevloopsError('USAGE', 'give the proposed config one way: yaml, changes or proposal', [
      { path: 'body', message: 'expected exactly one of yaml, changes, proposal' },
    ]);
  if (r.yaml !== undefined)
    return {
      config: parseLoopConfig(active.loop, r.yaml, `${active.name}.yaml (request)`),
      source: 'request yaml',
    };
  if (r.proposal !== undefined) {
    const p = await getProposal(ctx.engine.store.db, r.proposal);
    if (p.loop !== active.name || p.yaml === null)
      throw new RevloopsError('USAGE', `proposal ${p.id} does not change ${active.name}'s YAML`);
    return {
      config: parseLoopConfig(active.loop, p.yaml, p.source ?? active.source),
      source: `proposal ${p.id}`,
    };
  }
  const patches: ConfigPatch[] = (r.changes ?? []).map((c) => ({
    path: c.path,
    from: valueAt(active.config, c.path) ?? null,
    to: c.value as Json,
  }));
  return { config: patchedFile(ctx.engine.workspace, active, patches).config, source: 'request changes' };
}

/** Runs a proposed config beside the active one over the decisions since the window start, write-free. */
export async function simulate(ctx: ServerContext, r: SimulationRequest): Promise<SimulationReport> {
  const active = loopNamed(ctx, r.loop);
  const { config, source } = await proposedConfig(ctx, active, r);
  const now = ctx.clock();
  const proposed: LoadedLoop = { ...active, config, version: contentHash(config), gitSha: null, source };
  return simulationReport(ctx.engine, {
    loop: r.loop,
    proposed,
    proposedSource: source,
    since: sinceInstant(r.since, now),
    show: r.show,
    now,
  });
}
