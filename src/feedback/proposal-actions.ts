import { type Decision, type Json, RevloopsError } from '../kernel/index.js';
import { type Actor, authorize, type Engine, governanceDecision, newId } from '../runtime/index.js';
import { type Db, recordConfigVersion } from '../store/index.js';
import { AUTONOMY_ACTOR, type ProposalStatus, updateProposal } from '../store/ops/proposals.js';
import { governanceOf, invertPatches, parseLoopConfig, shortVersion } from '../workspace/index.js';
import { patchedFile, writeLoopFile } from './loop-file.js';
import type { Proposal, Resolution } from './proposal.js';
import {
  backtestLine,
  getProposal,
  loopOf,
  ownerOf,
  recordProposedVersion,
  writeDecision,
} from './proposals.js';

/** Who decides: a person (authorized as the loop's owner or an admin), or earned autonomy / a tuner. */
export type Decider = { actor: Actor } | { auto: NonNullable<Resolution['auto']> };

/** What an accept or a rollback did. */
export interface ConfigChangeResult {
  proposal: Proposal;
  decision: Decision;
  commit: string | null;
  /** The config version the loop runs from now on. */
  version: string;
  diff: string;
}

function deciderId(d: Decider): string {
  return 'actor' in d ? d.actor.id : AUTONOMY_ACTOR;
}

function grantFor(engine: Engine, p: Proposal, d: Decider, what: string): string {
  if (!('actor' in d)) return `autonomy (${d.auto.rule})`;
  const governance = governanceOf(engine.workspace.config);
  return authorize(
    d.actor,
    ownerOf(governance, p.loop).owner,
    governance.adminRoles,
    `${what} proposal ${p.id}`,
  );
}

function mustBe(p: Proposal, status: ProposalStatus, what: string): void {
  if (p.status !== status)
    throw new RevloopsError(
      'CONFLICT',
      `proposal ${p.id} is ${p.status}; only a proposal that is ${status} can be ${what}`,
    );
}

/** A commit message that says what changed and links the evidence. */
function commitMessage(
  verb: string,
  p: Proposal,
  decisionId: string,
  by: string,
  from: string,
  to: string,
): string {
  return [
    `revloops: ${verb} ${p.loop} proposal ${p.id}: ${p.title}`.slice(0, 200),
    '',
    `Kind: ${p.kind} (level ${p.level})`,
    `Evidence: revloops proposals show ${p.id} (finding ${p.decisionId ?? '-'})`,
    `Decision: revloops explain ${decisionId}`,
    `Config: ${shortVersion(from)} -> ${shortVersion(to)}`,
    `${verb === 'accept' ? 'Accepted' : 'Rolled-back'}-by: ${by}`,
  ].join('\n');
}

/**
 * Records the new config version, marks the proposal (`mark` throws when someone else resolved it
 * meanwhile) and writes the governance decision in one transaction; if anything fails, the loop
 * file written before goes back to what it was.
 */
async function commitConfigChange(
  engine: Engine,
  p: Proposal,
  change: ReturnType<typeof patchedFile>,
  written: ReturnType<typeof writeLoopFile>,
  decision: Decision,
  now: Date,
  mark: (trx: Db) => Promise<void>,
): Promise<ConfigChangeResult> {
  try {
    await engine.store.transaction(async (trx) => {
      await recordConfigVersion(trx, {
        loop: p.loop,
        hash: change.version,
        gitSha: written.commit,
        source: change.file,
        content: change.config,
        now: now.toISOString(),
      });
      await mark(trx);
      await writeDecision(trx, decision, now);
    });
  } catch (err) {
    written.undo();
    throw err;
  }
  return {
    proposal: await getProposal(engine.store.db, p.id),
    decision,
    commit: written.commit,
    version: change.version,
    diff: change.diff,
  };
}

/**
 * Accepts an open proposal: writes the patched YAML (comments and layout kept), commits that one
 * file in a git workspace with a message that links the evidence, records the new config version,
 * and writes the decision, all or nothing (the file is restored if the store fails).
 */
export async function acceptProposal(
  engine: Engine,
  id: string,
  decider: Decider,
  opts: { reason?: string; now: Date },
): Promise<ConfigChangeResult> {
  const { now } = opts;
  const p = await getProposal(engine.store.db, id);
  mustBe(p, 'open', 'accepted');
  const loaded = loopOf(engine, p.loop);
  const grant = grantFor(engine, p, decider, 'accept');
  const change = patchedFile(engine.workspace, loaded, p.patch);
  const by = deciderId(decider);
  const decisionId = newId('dec', now);
  const written = writeLoopFile(
    engine.workspace,
    change,
    commitMessage('accept', p, decisionId, by, loaded.version, change.version),
  );
  const governance = governanceOf(engine.workspace.config);
  const owner = ownerOf(governance, p.loop);
  const auto = 'auto' in decider ? decider.auto : undefined;
  const resolution: Resolution = {
    action: 'accepted',
    by,
    at: now.toISOString(),
    reason: opts.reason ?? null,
    decisionId,
    fromVersion: loaded.version,
    toVersion: change.version,
    commit: written.commit,
    ...(auto ? { auto } : {}),
  };
  const decision = governanceDecision({
    loaded,
    id: decisionId,
    mode: 'feedback',
    eventType: 'proposal.accept',
    now,
    configVersion: change.version,
    gitSha: written.commit,
    parentIds: p.decisionId ? [p.decisionId] : [],
    input: {
      proposalId: p.id,
      result: {
        proposalId: p.id,
        status: 'accepted',
        fromVersion: loaded.version,
        toVersion: change.version,
        commit: written.commit,
        file: change.file,
      },
      steps: [
        { name: 'authorized', detail: { by, as: grant } },
        { name: 'patched', detail: { file: change.file, patch: p.patch as unknown as Json } },
        { name: 'backtest', detail: backtestLine(p.backtest) },
      ],
      reasons: [
        `${auto ? 'accepted automatically' : 'accepted'} by ${by} (${grant}): ${p.title}`,
        ...(auto ? [`earned autonomy: ${auto.rule}`] : []),
        ...(opts.reason ? [opts.reason] : []),
      ],
      notify: auto
        ? [
            {
              channel: owner.channel,
              to: owner.owner,
              message: `[${p.loop}] accepted automatically (${auto.rule}): ${p.title}. Roll back with revloops proposals rollback ${p.id}`,
            },
          ]
        : [],
    },
  });
  return commitConfigChange(engine, p, change, written, decision, now, async (trx) => {
    const ok = await updateProposal(trx, p.id, ['open'], {
      status: 'accepted',
      resolved_at: now.toISOString(),
      resolved_by: by,
      resolution: JSON.stringify(resolution),
      shadow_since: null,
      updated_at: now.toISOString(),
    });
    if (!ok) throw new RevloopsError('CONFLICT', `proposal ${p.id} was resolved by someone else meanwhile`);
  });
}

/** Rejects an open proposal with a reason; people's rejections count against earned autonomy. */
export async function rejectProposal(
  engine: Engine,
  id: string,
  actor: Actor,
  opts: { reason: string; now: Date },
): Promise<{ proposal: Proposal; decision: Decision }> {
  const { now } = opts;
  if (!opts.reason.trim()) throw new RevloopsError('USAGE', 'a rejection needs a reason (--reason)');
  const p = await getProposal(engine.store.db, id);
  mustBe(p, 'open', 'rejected');
  const loaded = loopOf(engine, p.loop);
  const grant = grantFor(engine, p, { actor }, 'reject');
  const decision = governanceDecision({
    loaded,
    mode: 'feedback',
    eventType: 'proposal.reject',
    now,
    parentIds: p.decisionId ? [p.decisionId] : [],
    input: {
      proposalId: p.id,
      result: { proposalId: p.id, status: 'rejected' },
      steps: [{ name: 'authorized', detail: { by: actor.id, as: grant } }],
      reasons: [`rejected by ${actor.id} (${grant}): ${opts.reason}`],
      notify: [],
    },
  });
  const resolution: Resolution = {
    action: 'rejected',
    by: actor.id,
    at: now.toISOString(),
    reason: opts.reason,
    decisionId: decision.id,
  };
  await engine.store.transaction(async (trx) => {
    const ok = await updateProposal(trx, p.id, ['open'], {
      status: 'rejected',
      resolved_at: now.toISOString(),
      resolved_by: actor.id,
      resolution: JSON.stringify(resolution),
      shadow_since: null,
      updated_at: now.toISOString(),
    });
    if (!ok) throw new RevloopsError('CONFLICT', `proposal ${p.id} was resolved by someone else meanwhile`);
    await writeDecision(trx, decision, now);
  });
  return { proposal: await getProposal(engine.store.db, p.id), decision };
}

/**
 * Rolls an accepted proposal back: the inverse patch on the current file (refused if those fields
 * changed since), a commit, the restored config version recorded, and a decision.
 */
export async function rollbackProposal(
  engine: Engine,
  id: string,
  decider: Decider,
  opts: { reason?: string; now: Date },
): Promise<ConfigChangeResult> {
  const { now } = opts;
  const p = await getProposal(engine.store.db, id);
  mustBe(p, 'accepted', 'rolled back');
  const loaded = loopOf(engine, p.loop);
  const grant = grantFor(engine, p, decider, 'roll back');
  const change = patchedFile(engine.workspace, loaded, invertPatches(p.patch));
  const by = deciderId(decider);
  const decisionId = newId('dec', now);
  const written = writeLoopFile(
    engine.workspace,
    change,
    commitMessage('roll back', p, decisionId, by, loaded.version, change.version),
  );
  const auto = 'auto' in decider;
  const owner = ownerOf(governanceOf(engine.workspace.config), p.loop);
  const decision = governanceDecision({
    loaded,
    id: decisionId,
    mode: 'feedback',
    eventType: 'proposal.rollback',
    now,
    configVersion: change.version,
    gitSha: written.commit,
    parentIds: p.resolution?.decisionId ? [p.resolution.decisionId] : [],
    input: {
      proposalId: p.id,
      result: {
        proposalId: p.id,
        status: 'rolled-back',
        fromVersion: loaded.version,
        toVersion: change.version,
        commit: written.commit,
        file: change.file,
      },
      steps: [{ name: 'authorized', detail: { by, as: grant } }],
      reasons: [`rolled back by ${by} (${grant}): ${p.title}`, ...(opts.reason ? [opts.reason] : [])],
      notify: auto
        ? [
            {
              channel: owner.channel,
              to: owner.owner,
              message: `[${p.loop}] rolled back automatically: ${p.title}. ${opts.reason ?? ''}`.trim(),
            },
          ]
        : [],
    },
  });
  const resolution: Resolution = {
    ...(p.resolution as Resolution),
    rollback: {
      by,
      at: now.toISOString(),
      reason: opts.reason ?? null,
      decisionId,
      commit: written.commit,
      version: change.version,
      auto,
    },
  };
  return commitConfigChange(engine, p, change, written, decision, now, async (trx) => {
    const ok = await updateProposal(trx, p.id, ['accepted'], {
      status: 'rolled-back',
      resolution: JSON.stringify(resolution),
      updated_at: now.toISOString(),
    });
    if (!ok)
      throw new RevloopsError('CONFLICT', `proposal ${p.id} was rolled back by someone else meanwhile`);
  });
}

/**
 * Starts (or stops) running an open proposal in shadow: the engine then runs the loop with the
 * proposed config beside the active one on every live event and records what it would have done.
 */
export async function shadowProposal(
  engine: Engine,
  id: string,
  actor: Actor,
  opts: { on: boolean; now: Date },
): Promise<{ proposal: Proposal; decision: Decision }> {
  const { now } = opts;
  const p = await getProposal(engine.store.db, id);
  mustBe(p, 'open', opts.on ? 'run in shadow' : 'taken out of shadow');
  const loaded = loopOf(engine, p.loop);
  const grant = grantFor(engine, p, { actor }, 'shadow');
  if (!p.yaml || !p.source) throw new RevloopsError('USAGE', `proposal ${p.id} has no patched file to run`);
  const config = parseLoopConfig(loaded.loop, p.yaml, p.source);
  const decision = governanceDecision({
    loaded,
    mode: 'feedback',
    eventType: 'proposal.shadow',
    now,
    parentIds: p.decisionId ? [p.decisionId] : [],
    input: {
      proposalId: p.id,
      result: { proposalId: p.id, shadow: opts.on, proposedVersion: p.proposedVersion },
      steps: [{ name: 'authorized', detail: { by: actor.id, as: grant } }],
      reasons: [`${opts.on ? 'shadow started' : 'shadow stopped'} by ${actor.id} (${grant})`],
      notify: [],
    },
  });
  await engine.store.transaction(async (trx) => {
    if (opts.on) await recordProposedVersion(trx, p, config, now);
    await updateProposal(trx, p.id, ['open'], {
      shadow_since: opts.on ? (p.shadowSince ?? now.toISOString()) : null,
      updated_at: now.toISOString(),
    });
    await writeDecision(trx, decision, now);
  });
  return { proposal: await getProposal(engine.store.db, p.id), decision };
}
