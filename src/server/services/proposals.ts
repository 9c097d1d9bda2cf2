import {
  acceptProposal,
  type ConfigChangeResult,
  type Proposal,
  proposeChange,
  rejectProposal,
  rollbackProposal,
} from '../../feedback/index.js';
import { type ConfigPatch, type Json, RevloopsError } from '../../kernel/index.js';
import { spanMs, valueAt } from '../../workspace/index.js';
import type { ServerContext } from '../context.js';
import type { Principal } from '../principal.js';

/** A config change someone proposes: fields to set, with a title and a backtest window. */
interface NewChange {
  loop: string;
  title: string;
  changes: { path: string; value?: unknown }[];
  reason?: string | undefined;
  window: string;
}

/** Proposes a change as the principal: the same diff, backtest and rollback criteria as feedback's. */
export async function proposeConfigChange(ctx: ServerContext, p: Principal, c: NewChange): Promise<Proposal> {
  const loaded = ctx.engine.workspace.loops.get(c.loop);
  if (!loaded) throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${c.loop} in this workspace`);
  const ms = spanMs(c.window);
  if (ms === undefined)
    throw new RevloopsError('USAGE', `window expects a span such as 7d, got ${c.window}`, [
      { path: 'body.window', message: 'expected a span such as 7d' },
    ]);
  const patch: ConfigPatch[] = c.changes.map((s) => ({
    path: s.path,
    from: valueAt(loaded.config, s.path) ?? null,
    to: s.value as Json,
  }));
  const now = ctx.clock();
  return proposeChange(ctx.engine, {
    loop: c.loop,
    title: c.title,
    patch,
    by: p.user,
    ...(c.reason ? { reason: c.reason } : {}),
    window: { since: new Date(now.getTime() - ms).toISOString(), until: now.toISOString() },
    now,
  });
}

/** Accepts, rejects or rolls back a proposal as the principal; the workspace reloads after a config change. */
export async function actOnProposal(
  ctx: ServerContext,
  p: Principal,
  id: string,
  action: 'accept' | 'reject' | 'rollback',
  reason: string | undefined,
): Promise<{
  proposal: Proposal;
  decisionId: string;
  version?: string;
  commit?: string | null;
  diff?: string;
}> {
  const now = ctx.clock();
  const why = reason ? { reason } : {};
  if (action === 'reject') {
    const r = await rejectProposal(ctx.engine, id, p.actor, { reason: reason ?? '', now });
    return { proposal: r.proposal, decisionId: r.decision.id };
  }
  const r: ConfigChangeResult =
    action === 'accept'
      ? await acceptProposal(ctx.engine, id, { actor: p.actor }, { now, ...why })
      : await rollbackProposal(ctx.engine, id, { actor: p.actor }, { now, ...why });
  await ctx.reloaded();
  return {
    proposal: r.proposal,
    decisionId: r.decision.id,
    version: r.version,
    commit: r.commit,
    diff: r.diff,
  };
}
