import {
  type ConfigPatch,
  type Decision,
  type FeedbackSpec,
  type Json,
  type JsonObject,
  RevloopsError,
  type RollbackCriteria,
} from '../kernel/index.js';
import { EffectBatch, type Engine, governanceDecision, newId } from '../runtime/index.js';
import { type Db, recordConfigVersion } from '../store/index.js';
import {
  findProposals,
  insertProposal,
  listProposals,
  type ProposalRow,
  updateProposal,
} from '../store/ops/proposals.js';
import { contentHash, type GovernanceConfig, governanceOf, type LoadedLoop } from '../workspace/index.js';
import { type Backtest, runBacktest } from './backtest.js';
import { patchedFile } from './loop-file.js';
import { type Proposal, toProposal } from './proposal.js';
import { deriveRollback } from './rollback.js';

/** Who owns a loop (alerted, may decide its proposals) and the channel that reaches them. */
export function ownerOf(governance: GovernanceConfig, loop: string): { owner: string; channel: string } {
  const o = governance.owners[loop];
  return o
    ? { owner: o.owner, channel: o.channel }
    : { owner: `role:${governance.adminRoles[0] ?? 'admin'}`, channel: 'inApp' };
}

/** The loop a proposal changes, as the workspace runs it now. */
export function loopOf(engine: Engine, loop: string): LoadedLoop {
  const loaded = engine.workspace.loops.get(loop);
  if (!loaded) throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${loop} in this workspace`);
  return loaded;
}

/** One proposal by id (or a unique prefix of at least 8 characters). */
export async function getProposal(db: Db, id: string): Promise<Proposal> {
  const found = await findProposals(db, id);
  if (found.length === 0)
    throw new RevloopsError('NOT_FOUND', `no proposal ${id} (see revloops proposals list)`);
  if (found.length > 1)
    throw new RevloopsError('USAGE', `${id} matches several proposals; give more of the id`);
  return toProposal(found[0] as ProposalRow);
}

/** Proposals, newest first. */
export async function proposals(
  db: Db,
  q: { loop?: string; status?: string; kind?: string; limit?: number },
): Promise<Proposal[]> {
  const rows = await listProposals(db, {
    ...(q.loop ? { loop: q.loop } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.kind ? { feedback: q.kind } : {}),
    limit: q.limit ?? 100,
  });
  return rows.map(toProposal);
}

/** Writes a governance decision and its effects in the caller's transaction. */
export async function writeDecision(db: Db, decision: Decision, now: Date): Promise<void> {
  const batch = new EffectBatch(now);
  batch.add(decision, decision.effects);
  await batch.flush(db);
}

/** What a new proposal needs: the loop, what changes, why, and the window its evidence covers. */
export interface NewProposal {
  loaded: LoadedLoop;
  kind: string;
  level: 1 | 3;
  title: string;
  patch: ConfigPatch[];
  evidence: Json;
  since: string;
  until: string;
  /** The feedback that proposes it (for the backtest's "would it still fire"). */
  feedback?: FeedbackSpec;
  rollback?: RollbackCriteria;
  now: Date;
}

/** A proposal ready to store: the patched file, its diff, the backtest and the rollback criteria. */
export interface DraftProposal {
  row: ProposalRow;
  proposal: Proposal;
  config: unknown;
}

/**
 * Drafts a proposal: patches the loop's YAML (comments and layout kept; a patch that makes the
 * config invalid is refused here), backtests the patched config on the window's decisions, and
 * sets rollback criteria (the feedback's own, or derived from the backtest). Nothing is stored.
 */
export async function draftProposal(engine: Engine, p: NewProposal): Promise<DraftProposal> {
  const governance = governanceOf(engine.workspace.config);
  const change = patchedFile(engine.workspace, p.loaded, p.patch);
  const backtest: Backtest = await runBacktest(engine, {
    loaded: p.loaded,
    config: change.config,
    version: change.version,
    since: p.since,
    until: p.until,
    limit: governance.feedback.backtestLimit,
    ...(p.feedback ? { feedback: p.feedback } : {}),
  });
  const rollback = p.rollback ?? deriveRollback(backtest, governance.feedback);
  const iso = p.now.toISOString();
  const row: ProposalRow = {
    id: newId('prp', p.now),
    loop: p.loaded.name,
    feedback: p.kind,
    title: p.title,
    evidence: JSON.stringify({ ...asObject(p.evidence), window: { since: p.since, until: p.until } }),
    patch: JSON.stringify(p.patch),
    status: 'open',
    config_version: p.loaded.version,
    created_at: iso,
    resolved_at: null,
    level: p.level,
    decision_id: null,
    fingerprint: contentHash({ loop: p.loaded.name, kind: p.kind, patch: p.patch }),
    source: change.file,
    yaml: change.text,
    diff: change.diff,
    backtest: JSON.stringify(backtest),
    rollback: rollback ? JSON.stringify(rollback) : null,
    proposed_version: change.version,
    shadow_since: null,
    resolved_by: null,
    resolution: null,
    updated_at: iso,
  };
  return { row, proposal: toProposal(row), config: change.config };
}

function asObject(v: Json): JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
}

/** Stores a drafted proposal with the decision that opened it, superseding older open ones of the same kind. */
export async function storeProposal(
  engine: Engine,
  draft: DraftProposal,
  decision: Decision,
  now: Date,
): Promise<Proposal> {
  const row = { ...draft.row, decision_id: decision.id };
  await engine.store.transaction(async (trx) => {
    const older = await listProposals(trx, { loop: row.loop, status: 'open', feedback: row.feedback });
    for (const o of older)
      await updateProposal(trx, o.id, ['open'], {
        status: 'superseded',
        resolved_at: now.toISOString(),
        updated_at: now.toISOString(),
        resolution: JSON.stringify({
          action: 'superseded',
          by: 'revloops',
          at: now.toISOString(),
          reason: `a newer proposal of the same kind replaced it: ${row.id}`,
          decisionId: decision.id,
          supersededBy: row.id,
        }),
      });
    await insertProposal(trx, row);
    await writeDecision(trx, decision, now);
  });
  return toProposal(row);
}

/** Records the proposed config as a version (so shadow decisions made with it explain and replay). */
export async function recordProposedVersion(db: Db, p: Proposal, config: unknown, now: Date): Promise<void> {
  if (!p.proposedVersion) return;
  await recordConfigVersion(db, {
    loop: p.loop,
    hash: p.proposedVersion,
    gitSha: null,
    source: `proposal:${p.id}`,
    content: config,
    now: now.toISOString(),
  });
}

/** A people-made proposal: the same path as feedback's (patch, backtest, rollback criteria), one decision. */
export async function proposeChange(
  engine: Engine,
  args: {
    loop: string;
    title: string;
    patch: ConfigPatch[];
    by: string;
    reason?: string;
    window: { since: string; until: string };
    now: Date;
  },
): Promise<Proposal> {
  const loaded = loopOf(engine, args.loop);
  const draft = await draftProposal(engine, {
    loaded,
    kind: 'manual',
    level: 3,
    title: args.title,
    patch: args.patch,
    evidence: { proposedBy: args.by, reason: args.reason ?? null },
    since: args.window.since,
    until: args.window.until,
    now: args.now,
  });
  const decision = governanceDecision({
    loaded,
    mode: 'feedback',
    eventType: 'proposal.create',
    now: args.now,
    input: {
      proposalId: draft.row.id,
      result: {
        proposalId: draft.row.id,
        status: 'open',
        title: args.title,
        proposedVersion: draft.row.proposed_version,
      },
      steps: [{ name: 'backtest', detail: backtestLine(draft.proposal.backtest) }],
      reasons: [`proposed by ${args.by}: ${args.title}`, ...(args.reason ? [args.reason] : [])],
      notify: [],
    },
  });
  return storeProposal(engine, draft, decision, args.now);
}

/** A backtest in one line of detail for a trace. */
export function backtestLine(b: Backtest | null): JsonObject {
  return b
    ? { decisions: b.decisions, changed: b.changed, failed: b.failed, stillFires: b.stillFires }
    : { decisions: 0 };
}
