import {
  type Decided,
  type JsonObject,
  type LoopContext,
  RECORD_KINDS,
  type RecordKind,
  type ReviewOutcome,
  RevloopsError,
} from '../../kernel/index.js';
import type { EngageConfig } from './config.js';
import type { LineEdit, SequenceReviewed } from './contract.js';
import { CRITERIA, type Criterion } from './rubric-config.js';
import type { DraftStep } from './sequence-compose.js';

type Ctx = LoopContext<EngageConfig>;

const EDITABLE = /^steps\.(\d+)\.(subject|waitDays|lines\.(\d+))$/;

/** A wait as a rep set it: a whole number of days, else a refusal naming the field. */
function waitOf(path: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  throw new RevloopsError('USAGE', `${path}: expected a whole number ≥ 0`, [
    { path, message: `expected a whole number of days ≥ 0, got ${JSON.stringify(value) ?? 'nothing'}` },
  ]);
}

/** The steps of an approved action, checked: each with a subject, text lines and a wait. */
function stepsOf(action: JsonObject, drafted: readonly DraftStep[]): DraftStep[] {
  const steps = action.steps;
  if (!Array.isArray(steps) || steps.length !== drafted.length)
    throw new RevloopsError('USAGE', `the edited sequence must keep its ${drafted.length} emails`, [
      { path: 'steps', message: `expected ${drafted.length} emails` },
    ]);
  return steps.map((raw, i) => {
    const s = raw as { subject?: unknown; lines?: unknown; waitDays?: unknown };
    const was = drafted[i] as DraftStep;
    const lines = Array.isArray(s.lines) ? s.lines : [];
    if (
      typeof s.subject !== 'string' ||
      s.subject.trim() === '' ||
      !lines.every((l) => typeof l === 'string' && l.trim() !== '')
    )
      throw new RevloopsError('USAGE', `email ${i + 1}: expected a subject and text lines`, [
        { path: `steps.${i}`, message: 'expected {subject, lines: [text...], waitDays}' },
      ]);
    return {
      waitDays: waitOf(`steps.${i}.waitDays`, s.waitDays),
      subject: s.subject,
      lines: lines as string[],
      roles: lines.map((_, j) => was.roles[j] ?? 'added'),
      criteria: lines.map((_, j) => was.criteria[j] ?? ('formatting' as Criterion)),
    };
  });
}

/** What a rep edited, in words: `2 line(s)`, `1 wait(s)`, `1 line(s) and 1 wait(s)`. */
export function editedInWords(edits: readonly LineEdit[]): string {
  const waits = edits.filter((e) => e.role === 'wait').length;
  const lines = edits.length - waits;
  return [lines > 0 ? `${lines} line(s)` : '', waits > 0 ? `${waits} wait(s)` : '']
    .filter(Boolean)
    .join(' and ');
}

/**
 * The rep's edits as line edits, each with the role and criterion of the line it changed; a wait is
 * kept in days, and one that is not a whole number of days ≥ 0 is refused.
 */
function lineEdits(outcome: ReviewOutcome, drafted: readonly DraftStep[]): LineEdit[] {
  const out: LineEdit[] = [];
  for (const e of outcome.edits) {
    const m = EDITABLE.exec(e.path);
    if (!m)
      throw new RevloopsError(
        'USAGE',
        `cannot edit ${e.path}: only subjects, lines and waits of the emails`,
        [{ path: e.path, message: 'expected steps.<n>.subject, steps.<n>.lines.<m> or steps.<n>.waitDays' }],
      );
    const step = Number(m[1]);
    if (m[2] === 'waitDays') {
      const from = drafted[step]?.waitDays;
      out.push({
        path: e.path,
        step,
        role: 'wait',
        criterion: null,
        from: typeof from === 'number' ? from : null,
        to: waitOf(e.path, e.to),
      });
      continue;
    }
    const line = m[3] === undefined ? null : Number(m[3]);
    const d = drafted[step];
    const role = line === null ? 'subject' : (d?.roles[line] ?? 'added');
    const criterion: Criterion = line === null ? 'relevance' : (d?.criteria[line] ?? 'formatting');
    out.push({
      path: e.path,
      step,
      role,
      criterion: CRITERIA.includes(criterion) ? criterion : 'formatting',
      from: typeof e.from === 'string' ? e.from : null,
      to: typeof e.to === 'string' ? e.to : null,
    });
  }
  return out;
}

/**
 * An item of another queue (a discovery qualification, triage): the verdict is recorded on the
 * subject record, as governance does for loops without a review hook.
 */
function reviewOther(ctx: Ctx, outcome: ReviewOutcome): Decided<unknown> {
  const [kind, ...rest] = (outcome.subject ?? '').split(':');
  const approved = outcome.outcome === 'approved';
  if ((RECORD_KINDS as readonly string[]).includes(kind ?? '') && rest.length > 0)
    ctx.write(
      kind as RecordKind,
      rest.join(':'),
      {
        reviewStatus: outcome.outcome,
        reviewedBy: outcome.by,
        reviewedAt: ctx.clock.iso(),
        reviewItemId: outcome.itemId,
        ...(approved ? { reviewedAction: outcome.action } : { reviewReason: outcome.reason }),
      },
      'patch',
    );
  return ctx.decide(
    { itemId: outcome.itemId, queue: outcome.queue, outcome: outcome.outcome, edits: outcome.edits.length },
    {
      confidence: 1,
      ...(outcome.subject ? { subject: outcome.subject } : {}),
      reasons: [`${outcome.outcome} in queue ${outcome.queue}`],
    },
  );
}

/**
 * Carries out a rep's review of a drafted sequence: the edits are checked, kept as line diffs (each
 * with the role and rubric criterion of the line) on the sequence, and the verdict is handed to
 * deployment as `engagement.reviewed`.
 */
export async function reviewSequence(ctx: Ctx, outcome: ReviewOutcome): Promise<Decided<unknown>> {
  if (outcome.queue !== ctx.config.review.queue || typeof outcome.proposed.sequenceId !== 'string')
    return reviewOther(ctx, outcome);
  const sequenceId = outcome.proposed.sequenceId;
  const seq = await ctx.records.get('activity', sequenceId);
  if (!seq)
    throw new RevloopsError(
      'NOT_FOUND',
      `review item ${outcome.itemId} names sequence ${sequenceId}, which does not exist`,
    );
  const drafted = (seq.values.steps ?? []) as unknown as DraftStep[];
  const edits = lineEdits(outcome, drafted);
  const approved = outcome.outcome === 'approved';
  const steps = approved ? stepsOf(outcome.action, drafted) : drafted;
  ctx.trace.step('review', {
    outcome: outcome.outcome,
    by: outcome.by,
    edits: edits.map((e) => ({ path: e.path, role: e.role, criterion: e.criterion, from: e.from, to: e.to })),
  });
  ctx.write(
    'activity',
    sequenceId,
    {
      status: approved ? 'approved' : 'rejected',
      steps: steps as unknown as JsonObject[],
      edits: edits as unknown as JsonObject[],
      reviewedBy: outcome.by,
      reviewedAt: ctx.clock.iso(),
      ...(outcome.reason ? { reviewReason: outcome.reason } : {}),
    },
    'patch',
  );
  const verdict: SequenceReviewed = {
    sequenceId,
    outcome: outcome.outcome,
    by: outcome.by,
    reason: outcome.reason,
    edits,
    reviewItemId: outcome.itemId,
  };
  ctx.handoff(
    'engagement.reviewed',
    verdict as unknown as JsonObject,
    String(seq.values.prospect ?? outcome.subject ?? ''),
  );
  const what = approved
    ? edits.length > 0
      ? `approved with ${editedInWords(edits)} edited`
      : 'approved as drafted'
    : `rejected: ${outcome.reason}`;
  return ctx.decide(
    {
      sequenceId,
      outcome: outcome.outcome,
      edits: edits.length,
      criteria: [...new Set(edits.flatMap((e) => (e.criterion ? [e.criterion] : [])))],
    },
    {
      confidence: 1,
      ...(outcome.subject ? { subject: outcome.subject } : {}),
      reasons: [`sequence ${sequenceId} ${what}`],
    },
  );
}
