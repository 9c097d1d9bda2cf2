import type { ConfigPatch, Json, RollbackCriteria } from '../kernel/index.js';
import type { ProposalRow, ProposalStatus } from '../store/ops/proposals.js';
import type { Backtest } from './backtest.js';

/** How a proposal was resolved: who, when, why, and the config versions and commit it moved between. */
export interface Resolution {
  action: 'accepted' | 'rejected' | 'superseded';
  by: string;
  at: string;
  reason: string | null;
  decisionId: string | null;
  /** For an accept: the versions before and after, and the commit that recorded it. */
  fromVersion?: string;
  toVersion?: string;
  commit?: string | null;
  /** Set when earned autonomy or a level-1 tuner accepted it instead of a person. */
  auto?: { rule: string; accepted?: number; rejected?: number; rate?: number };
  /** Set once it has been rolled back. */
  rollback?: {
    by: string;
    at: string;
    reason: string | null;
    decisionId: string;
    commit: string | null;
    version: string;
    auto: boolean;
  };
  /** The proposal that replaced a superseded one. */
  supersededBy?: string;
}

/** A config change proposed by feedback (or a person), with its evidence, backtest and rollback criteria. */
export interface Proposal {
  id: string;
  loop: string;
  /** The kind: the feedback that made it (earned autonomy counts per kind). */
  kind: string;
  level: number;
  title: string;
  status: ProposalStatus;
  evidence: Json;
  patch: ConfigPatch[];
  /** The config version it was made against, and the one it proposes. */
  baseVersion: string;
  proposedVersion: string | null;
  /** The loop's YAML file, the patched text and its unified diff. */
  source: string | null;
  yaml: string | null;
  diff: string | null;
  backtest: Backtest | null;
  rollback: RollbackCriteria | null;
  /** The finding decision that opened it. */
  decisionId: string | null;
  shadowSince: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: Resolution | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

/** A stored row as a proposal. */
export function toProposal(r: ProposalRow): Proposal {
  return {
    id: r.id,
    loop: r.loop,
    kind: r.feedback,
    level: Number(r.level ?? 3),
    title: r.title,
    status: r.status as ProposalStatus,
    evidence: JSON.parse(r.evidence) as Json,
    patch: JSON.parse(r.patch) as ConfigPatch[],
    baseVersion: r.config_version,
    proposedVersion: r.proposed_version,
    source: r.source,
    yaml: r.yaml,
    diff: r.diff,
    backtest: parse<Backtest>(r.backtest),
    rollback: parse<RollbackCriteria>(r.rollback),
    decisionId: r.decision_id,
    shadowSince: r.shadow_since,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: parse<Resolution>(r.resolution),
  };
}
