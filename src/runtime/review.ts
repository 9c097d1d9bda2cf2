import {
  type Decision,
  type DecisionView,
  type Json,
  type JsonObject,
  type MetricObservation,
  type ReviewOutcome,
  RevloopsError,
} from '../kernel/index.js';
import {
  addMetricPoints,
  chainViews,
  type Db,
  findRecords,
  getDecisionView,
  getRecord,
  getRecordByExternalId,
} from '../store/index.js';
import {
  dueReviewItems,
  findReviewItems,
  markEscalated,
  queryReviewItems,
  resolveReviewItem,
  reassignReviewItem as setAssignee,
} from '../store/ops/review-queue.js';
import type { ReviewItemTable } from '../store/schema.js';
import { type GovernanceConfig, governanceOf, type LoadedLoop } from '../workspace/index.js';
import { EffectBatch } from './apply-effects.js';
import type { Engine } from './engine.js';
import { governanceDecision, reviewRunner } from './governance-decision.js';
import { type Actor, authorize, type Grant, grantOf, parseAssignee } from './review-auth.js';
import { fieldEdits } from './review-edits.js';
import { runRecorded } from './run-recorded.js';

/** A review item as people see it, with its queue's default assignee and SLA applied. */
export interface ReviewItemView {
  id: string;
  loop: string;
  queue: string;
  decisionId: string;
  subject: string | null;
  assignee: string | null;
  proposedAction: JsonObject;
  confidence: number | null;
  reasoning: string;
  status: string;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: Json;
  escalations: number;
}

/** What a review action did: the decision it wrote and the item afterwards. */
export interface ReviewActionResult {
  decision: Decision;
  item: ReviewItemView;
  grant: Grant;
}

const HOUR_MS = 3_600_000;

/** Metrics every loop gets from its review queues, in the same rollups as its own. */
export const REVIEW_METRICS: Readonly<Record<string, string>> = {
  review_action:
    'Review actions per kind (approve, edit, reject, reassign, escalate): approval and edit rates.',
  review_hours: 'Hours from an item entering its queue to a person resolving it.',
  review_sla_breach: 'Items resolved after their due time, per queue.',
};

/** A stored item with the queue's defaults applied: who it is for, and when it is due. */
function itemView(row: ReviewItemTable, governance: GovernanceConfig, now: Date): ReviewItemView {
  const queue = governance.queues[row.queue];
  const due =
    row.due_at ??
    (queue?.slaHours === undefined
      ? null
      : new Date(Date.parse(row.created_at) + queue.slaHours * HOUR_MS).toISOString());
  const end = row.resolved_at ?? now.toISOString();
  return {
    id: row.id,
    loop: row.loop,
    queue: row.queue,
    decisionId: row.decision_id,
    subject: row.subject,
    assignee: row.assignee ?? queue?.assignee ?? null,
    proposedAction: JSON.parse(row.proposed_action) as JsonObject,
    confidence: row.confidence === null ? null : Number(row.confidence),
    reasoning: row.reasoning,
    status: row.status,
    dueAt: due,
    overdue: due !== null && end > due,
    createdAt: row.created_at,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    resolution: row.resolution === null ? null : (JSON.parse(row.resolution) as Json),
    escalations: Number(row.escalations ?? 0),
  };
}

async function itemRow(db: Db, id: string): Promise<ReviewItemTable> {
  const found = await findReviewItems(db, id);
  if (found.length === 0)
    throw new RevloopsError('NOT_FOUND', `no review item ${id} (see revloops review list)`);
  if (found.length > 1)
    throw new RevloopsError('USAGE', `${id} matches several review items; give more of the id`);
  return found[0] as ReviewItemTable;
}

function loopOf(engine: Engine, row: ReviewItemTable): LoadedLoop {
  const loaded = engine.workspace.loops.get(row.loop);
  if (!loaded)
    throw new RevloopsError(
      'LOOP_NOT_FOUND',
      `review item ${row.id} belongs to loop ${row.loop}, which this workspace does not run`,
    );
  return loaded;
}

/** Review items, oldest first: by queue, loop and status, and (with `for`) those an actor is assigned directly. */
export async function listReviewItemViews(
  engine: Engine,
  q: {
    queue?: string;
    loop?: string;
    status?: string;
    for?: Actor;
    overdue?: boolean;
    limit?: number;
    /** Only items after this id (the last of the previous page). */
    after?: string;
  },
  now: Date,
): Promise<ReviewItemView[]> {
  const governance = governanceOf(engine.workspace.config);
  const limit = q.limit ?? 100;
  const out: ReviewItemView[] = [];
  let afterId: string | undefined = q.after;
  for (;;) {
    const page = await queryReviewItems(engine.store.db, {
      ...(q.queue ? { queue: q.queue } : {}),
      ...(q.loop ? { loop: q.loop } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(afterId ? { afterId } : {}),
      limit: 500,
    });
    for (const row of page) {
      const v = itemView(row, governance, now);
      if (q.for && !grantOf(q.for, v.assignee, [])) continue;
      if (q.overdue && !v.overdue) continue;
      out.push(v);
      if (out.length >= limit) return out;
    }
    afterId = page.at(-1)?.id;
    if (page.length < 500) return out;
  }
}

/** One item with the payload of the decision that created it and every review decision about it. */
export async function reviewItemDetail(
  engine: Engine,
  id: string,
  now: Date,
): Promise<{ item: ReviewItemView; created: DecisionView | undefined; actions: DecisionView[] }> {
  const row = await itemRow(engine.store.db, id);
  const item = itemView(row, governanceOf(engine.workspace.config), now);
  const created = await getDecisionView(engine.store.db, row.decision_id);
  const chain = created ? await chainViews(engine.store.db, created.rootId) : [];
  const about = (d: DecisionView) => {
    const input = d.input as { item?: { id?: unknown }; outcome?: { itemId?: unknown } } | null;
    return input?.item?.id === row.id || input?.outcome?.itemId === row.id;
  };
  return { item, created, actions: chain.filter((d) => d.mode === 'review' && about(d)) };
}

/** Metric observations of one review action. */
function observations(kind: string, item: ReviewItemView, now: Date): MetricObservation[] {
  const out: MetricObservation[] = [{ metric: 'review_action', label: kind, value: 1 }];
  if (kind === 'approve' || kind === 'edit' || kind === 'reject') {
    out.push({
      metric: 'review_hours',
      label: '',
      value: (now.getTime() - Date.parse(item.createdAt)) / HOUR_MS,
    });
    if (item.dueAt !== null && now.toISOString() > item.dueAt)
      out.push({ metric: 'review_sla_breach', label: item.queue, value: 1 });
  }
  return out;
}

/** Writes a review decision, its effects and metrics with `change` (the item update), in one transaction. */
async function commitAction(
  engine: Engine,
  decision: Decision,
  metrics: MetricObservation[],
  now: Date,
  change: (db: Db) => Promise<boolean>,
  conflict: string,
): Promise<void> {
  await engine.store.transaction(async (trx) => {
    if (!(await change(trx))) throw new RevloopsError('CONFLICT', conflict);
    const batch = new EffectBatch(now);
    batch.add(decision, decision.effects);
    await batch.flush(trx);
    await addMetricPoints(trx, { loop: decision.loop, at: decision.now, observations: metrics });
  });
}

function itemSummary(item: ReviewItemView): JsonObject {
  return {
    id: item.id,
    queue: item.queue,
    subject: item.subject,
    decisionId: item.decisionId,
    assignee: item.assignee,
  };
}

/** Approves or rejects an item, through the loop's review hook when it has one. */
async function resolve(
  engine: Engine,
  id: string,
  actor: Actor,
  outcome: 'approved' | 'rejected',
  opts: { action?: JsonObject; reason?: string },
  now: Date,
): Promise<ReviewActionResult> {
  const governance = governanceOf(engine.workspace.config);
  const row = await itemRow(engine.store.db, id);
  const item = itemView(row, governance, now);
  const verb = outcome === 'approved' ? 'approve' : 'reject';
  const grant = authorize(actor, item.assignee, governance.adminRoles, `${verb} review item ${item.id}`);
  if (item.status !== 'open')
    throw new RevloopsError(
      'CONFLICT',
      `review item ${item.id} is already ${item.status} (by ${item.resolvedBy ?? 'someone'})`,
    );
  if (outcome === 'rejected' && !opts.reason?.trim())
    throw new RevloopsError('USAGE', 'a rejection needs a reason (--reason)', [
      { path: 'reason', message: 'expected why' },
    ]);
  const loaded = loopOf(engine, row);
  const action = opts.action ?? item.proposedAction;
  const edits = fieldEdits(item.proposedAction, action);
  const kind = outcome === 'rejected' ? 'reject' : edits.length > 0 ? 'edit' : 'approve';
  const created = await getDecisionView(engine.store.db, row.decision_id);
  const link = { parentIds: [row.decision_id], ...(created ? { rootId: created.rootId } : {}) };
  const eventType = `review.${verb}`;
  let decision: Decision;
  if (loaded.loop.review) {
    const reviewed: ReviewOutcome = {
      itemId: item.id,
      queue: item.queue,
      subject: item.subject,
      outcome,
      action,
      proposed: item.proposedAction,
      edits,
      by: actor.id,
      reason: opts.reason ?? null,
      decisionId: item.decisionId,
    };
    const run = await runRecorded(
      engine,
      { ...loaded, loop: reviewRunner(loaded.loop) },
      {
        input: { via: 'loop', outcome: reviewed as unknown as JsonObject, as: grant },
        subject: item.subject,
        now,
        eventType,
        ...link,
      },
    );
    decision = { ...run.decision, mode: 'review' };
  } else {
    decision = governanceDecision({
      loaded,
      mode: 'review',
      eventType,
      now,
      ...link,
      input: {
        via: 'default',
        item: itemSummary(item),
        outcome,
        action,
        proposed: item.proposedAction,
        edits: edits as unknown as Json,
        by: actor.id,
        as: grant,
        reason: opts.reason ?? null,
        at: now.toISOString(),
      },
    });
  }
  const resolution = {
    outcome,
    action,
    edits: edits as unknown as Json,
    reason: opts.reason ?? null,
    decisionId: decision.id,
    as: grant,
  };
  await commitAction(
    engine,
    decision,
    observations(kind, item, now),
    now,
    (db) =>
      resolveReviewItem(db, {
        id: item.id,
        status: outcome,
        by: actor.id,
        resolution,
        now: now.toISOString(),
      }),
    `review item ${item.id} was resolved by someone else meanwhile`,
  );
  const after = await itemRow(engine.store.db, item.id);
  return { decision, item: itemView(after, governance, now), grant };
}

/**
 * Approves an item: its proposed action, or `action` when the reviewer edited it (the field-level
 * diff is kept in the decision and on the item). The action is carried out as record writes in the
 * same transaction that resolves the item.
 */
export function approveReviewItem(
  engine: Engine,
  id: string,
  actor: Actor,
  opts: { action?: JsonObject; reason?: string },
  now: Date,
): Promise<ReviewActionResult> {
  return resolve(engine, id, actor, 'approved', opts, now);
}

/** Rejects an item with a reason. */
export function rejectReviewItem(
  engine: Engine,
  id: string,
  actor: Actor,
  reason: string,
  now: Date,
): Promise<ReviewActionResult> {
  return resolve(engine, id, actor, 'rejected', { reason }, now);
}

/**
 * Refuses a reassignment to a user or team the records do not know: a mistyped id would take the
 * item out of everyone's queue. A user is known by id or CRM id; a team by its record or as some
 * user's team. Roles are not checked: people hold them through user records and API tokens alike.
 */
async function checkAssignee(engine: Engine, to: string): Promise<void> {
  const a = parseAssignee(to);
  if (a.kind === 'role') return;
  const { db, dialect } = engine.store;
  const known =
    (await getRecord(db, a.kind, a.id)) ??
    (await getRecordByExternalId(db, a.kind, a.id)) ??
    (a.kind === 'team' ? (await findRecords(db, dialect, 'user', { teamId: a.id }, 1))[0] : undefined);
  if (!known)
    throw new RevloopsError('USAGE', `cannot reassign to ${to}: no ${a.kind} ${a.id} in the records`, [
      { path: 'to', message: `expected the id of a known ${a.kind}` },
    ]);
}

/** Gives an open item to another user, team or role, who is told in the in-app inbox. */
export async function reassignReviewItem(
  engine: Engine,
  id: string,
  actor: Actor,
  to: string,
  reason: string | undefined,
  now: Date,
): Promise<ReviewActionResult> {
  const governance = governanceOf(engine.workspace.config);
  const row = await itemRow(engine.store.db, id);
  const item = itemView(row, governance, now);
  const grant = authorize(actor, item.assignee, governance.adminRoles, `reassign review item ${item.id}`);
  if (item.status !== 'open')
    throw new RevloopsError('CONFLICT', `review item ${item.id} is already ${item.status}`);
  if (!/^((user|team|role):)?[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(to))
    throw new RevloopsError(
      'USAGE',
      `cannot reassign to '${to}': expected a user id, team:<id> or role:<name>`,
    );
  await checkAssignee(engine, to);
  const created = await getDecisionView(engine.store.db, row.decision_id);
  const decision = governanceDecision({
    loaded: loopOf(engine, row),
    mode: 'review',
    eventType: 'review.reassign',
    now,
    parentIds: [row.decision_id],
    ...(created ? { rootId: created.rootId } : {}),
    input: {
      item: itemSummary(item),
      to,
      by: actor.id,
      as: grant,
      reason: reason ?? null,
      at: now.toISOString(),
    },
  });
  await commitAction(
    engine,
    decision,
    observations('reassign', item, now),
    now,
    (db) => setAssignee(db, { id: item.id, assignee: to, now: now.toISOString() }),
    `review item ${item.id} was resolved meanwhile`,
  );
  return { decision, item: itemView(await itemRow(engine.store.db, item.id), governance, now), grant };
}

/** What an escalation pass did. */
export interface EscalationReport {
  checked: number;
  escalated: { itemId: string; level: number; to: string; decisionId: string }[];
}

/**
 * Escalates overdue open items by their queue's `escalation` levels: each level fires once, when
 * the item is `afterHours` past due, as a decision that notifies (and perhaps reassigns to) its
 * target. Two workers never fire the same level twice.
 */
export async function escalateOverdue(engine: Engine, now: Date, limit = 500): Promise<EscalationReport> {
  const governance = governanceOf(engine.workspace.config);
  const withSla = Object.entries(governance.queues)
    .filter(([, q]) => q.slaHours !== undefined)
    .map(([name]) => name);
  const rows = await dueReviewItems(engine.store.db, {
    now: now.toISOString(),
    queuesWithSla: withSla,
    limit,
  });
  const report: EscalationReport = { checked: rows.length, escalated: [] };
  for (const row of rows) {
    const loaded = engine.workspace.loops.get(row.loop);
    const levels = governance.queues[row.queue]?.escalation ?? [];
    let item = itemView(row, governance, now);
    if (!loaded || item.dueAt === null || item.dueAt > now.toISOString()) continue;
    const created = await getDecisionView(engine.store.db, row.decision_id);
    for (let index = item.escalations; index < levels.length; index++) {
      const level = levels[index];
      if (!level || now.getTime() < Date.parse(item.dueAt ?? '') + level.afterHours * HOUR_MS) break;
      const decision = governanceDecision({
        loaded,
        mode: 'review',
        eventType: 'review.escalate',
        now,
        parentIds: [row.decision_id],
        ...(created ? { rootId: created.rootId } : {}),
        input: {
          item: itemSummary(item),
          index,
          level: { ...level },
          dueAt: item.dueAt,
          at: now.toISOString(),
        },
      });
      try {
        await commitAction(
          engine,
          decision,
          observations('escalate', item, now),
          now,
          (db) =>
            markEscalated(db, {
              id: row.id,
              level: index + 1,
              ...(level.reassign ? { assignee: level.to } : {}),
              now: now.toISOString(),
            }),
          'escalated elsewhere',
        );
      } catch (err) {
        if (err instanceof RevloopsError && err.code === 'CONFLICT') break;
        throw err;
      }
      report.escalated.push({ itemId: row.id, level: index + 1, to: level.to, decisionId: decision.id });
      item = { ...item, escalations: index + 1, ...(level.reassign ? { assignee: level.to } : {}) };
    }
  }
  return report;
}
