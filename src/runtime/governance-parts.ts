import {
  type AnyLoop,
  type Effect,
  type Finding,
  type Json,
  type JsonObject,
  type MetricSummary,
  RECORD_KINDS,
  type RecordKind,
  RevloopsError,
  type TraceEntry,
} from '../kernel/index.js';

/** What a governance decision consists of besides its identity: recomputed from its input on replay. */
export interface DecisionParts {
  output: Json;
  effects: Effect[];
  trace: TraceEntry[];
  reasons: string[];
  confidence: number | null;
  subject: string | null;
}

/** Builds a governance decision's parts from its input (and the loop and config it was made under). */
type PartsBuilder = (id: string, input: JsonObject, loop: AnyLoop, config: unknown) => DecisionParts;

const str = (v: Json | undefined): string => (typeof v === 'string' ? v : '');
const obj = (v: Json | undefined): JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
const list = (v: Json | undefined): Json[] => (Array.isArray(v) ? v : []);

/** An effect before it has an id. */
type Unnumbered = Effect extends infer E ? (E extends Effect ? Omit<E, 'id'> : never) : never;

/** Effects numbered after the decision id, as every run numbers them. */
function numbered(id: string, effects: readonly Unnumbered[]): Effect[] {
  return effects.map((e, i) => ({ ...e, id: `${id}.${i + 1}` }) as Effect);
}

/** The record a subject such as `lead:123` names, when it names a record of work. */
function subjectRecord(subject: string | null): { kind: RecordKind; id: string } | undefined {
  const at = subject?.indexOf(':') ?? -1;
  if (!subject || at <= 0) return undefined;
  const kind = subject.slice(0, at) as RecordKind;
  return RECORD_KINDS.includes(kind) ? { kind, id: subject.slice(at + 1) } : undefined;
}

/** The `writes` an approved action lists: `[{ record, recordId, op?, values }]`. */
function actionWrites(action: JsonObject): Unnumbered[] {
  return list(action.writes).map((w, i) => {
    const o = obj(w);
    const record = str(o.record) as RecordKind;
    const op = o.op === undefined ? 'patch' : str(o.op);
    if (
      !RECORD_KINDS.includes(record) ||
      str(o.recordId) === '' ||
      !['upsert', 'patch', 'delete'].includes(op)
    )
      throw new RevloopsError(
        'CONTRACT_VIOLATION',
        `action.writes.${i} must be { record: <record kind>, recordId, op?: upsert|patch|delete, values }`,
        [{ path: `writes.${i}`, message: 'expected a record write' }],
      );
    return {
      kind: 'record_write',
      record,
      recordId: str(o.recordId),
      op: op as 'upsert' | 'patch' | 'delete',
      values: obj(o.values),
    };
  });
}

/** A person's approval or rejection, carried out the default way (the loop has no review hook). */
const reviewOutcome: PartsBuilder = (id, input) => {
  const item = obj(input.item);
  const approved = input.outcome === 'approved';
  const action = obj(input.action);
  const edits = list(input.edits);
  const by = str(input.by);
  const subject = typeof item.subject === 'string' ? item.subject : null;
  const writes = approved ? actionWrites(action) : [];
  const record = subjectRecord(subject);
  if (writes.length === 0 && record)
    writes.push({
      kind: 'record_write',
      record: record.kind,
      recordId: record.id,
      op: 'patch',
      values: {
        reviewStatus: approved ? 'approved' : 'rejected',
        reviewedBy: by,
        reviewedAt: str(input.at),
        reviewItemId: str(item.id),
        ...(approved ? { reviewedAction: action } : { reviewReason: input.reason ?? null }),
      },
    });
  const trace: TraceEntry[] = [
    {
      kind: 'step',
      name: 'authorized',
      detail: { by, as: input.as ?? null, assignee: item.assignee ?? null },
    },
  ];
  if (edits.length > 0) trace.push({ kind: 'step', name: 'edited', detail: { edits } });
  trace.push({ kind: 'step', name: approved ? 'applied' : 'rejected', detail: { writes: writes.length } });
  const reasons = [
    `${approved ? 'approved' : 'rejected'} by ${by} (${str(input.as)}) in queue ${str(item.queue)}`,
    ...(edits.length > 0 ? [`edited before approval: ${edits.map((e) => str(obj(e).path)).join(', ')}`] : []),
    ...(typeof input.reason === 'string' && input.reason !== '' ? [`reason: ${input.reason}`] : []),
  ];
  return {
    output: { itemId: str(item.id), outcome: approved ? 'approved' : 'rejected', action, edits, by },
    effects: numbered(id, writes),
    trace,
    reasons,
    confidence: 1,
    subject,
  };
};

const reviewReassign: PartsBuilder = (id, input) => {
  const item = obj(input.item);
  const to = str(input.to);
  const by = str(input.by);
  const message = `Review item ${str(item.id)} in ${str(item.queue)} was reassigned to you by ${by}${typeof input.reason === 'string' ? `: ${input.reason}` : ''}`;
  return {
    output: { itemId: str(item.id), from: item.assignee ?? null, to, by },
    effects: numbered(id, [
      { kind: 'notification', channel: 'inApp', to, message, data: { itemId: str(item.id) } },
    ]),
    trace: [{ kind: 'step', name: 'authorized', detail: { by, as: input.as ?? null } }],
    reasons: [`reassigned from ${str(item.assignee) || 'nobody'} to ${to} by ${by}`],
    confidence: 1,
    subject: typeof item.subject === 'string' ? item.subject : null,
  };
};

const reviewEscalate: PartsBuilder = (id, input) => {
  const item = obj(input.item);
  const level = obj(input.level);
  const to = str(level.to);
  const message = `Review item ${str(item.id)} in ${str(item.queue)} is overdue since ${str(input.dueAt)} (assignee ${str(item.assignee) || 'nobody'}): escalation level ${Number(input.index) + 1}${level.reassign ? `, now assigned to ${to}` : ''}`;
  return {
    output: {
      itemId: str(item.id),
      level: Number(input.index) + 1,
      to,
      reassigned: level.reassign === true,
      dueAt: str(input.dueAt),
    },
    effects: numbered(id, [
      {
        kind: 'notification',
        channel: str(level.channel) || 'escalation',
        to,
        message,
        data: { itemId: str(item.id) },
      },
    ]),
    trace: [
      {
        kind: 'rule',
        rule: `escalation level ${Number(input.index) + 1}`,
        matched: true,
        reason: `due ${str(input.dueAt)}, ${String(level.afterHours ?? 0)} h grace passed at ${str(input.at)}`,
      },
    ],
    reasons: [message],
    confidence: 1,
    subject: typeof item.subject === 'string' ? item.subject : null,
  };
};

/** Re-evaluates the feedback that made a finding on its recorded metric window. */
function findingOf(input: JsonObject, loop: AnyLoop, config: unknown): Finding {
  const name = str(input.feedback);
  const spec = loop.feedback.find((f) => f.name === name);
  if (!spec) throw new RevloopsError('NOT_FOUND', `loop ${loop.name} has no feedback ${name}`);
  const findings = spec.evaluate(list(input.metrics) as unknown as MetricSummary[], config);
  const found = findings[Number(input.index ?? 0)];
  if (!found) throw new RevloopsError('CONFLICT', `feedback ${name} no longer finds anything on this window`);
  return found;
}

/** A monitor's finding: level 2 alerts the owner, level 3 opens a proposal, level 1 tunes within bounds. */
const feedbackFinding: PartsBuilder = (id, input, loop, config) => {
  const f = findingOf(input, loop, config);
  const notify = input.owner === null || input.alert === false ? [] : [str(input.owner)];
  const proposal = typeof input.proposalId === 'string' ? input.proposalId : null;
  const suffix = proposal ? ` (proposal ${proposal}: revloops proposals show ${proposal})` : '';
  return {
    output: {
      feedback: f.feedback,
      level: Number(input.level),
      severity: f.severity,
      message: f.message,
      evidence: f.evidence,
      ...(f.patch ? { patch: f.patch as unknown as Json } : {}),
      ...(proposal ? { proposalId: proposal } : {}),
      alerted: notify.length > 0,
    },
    effects: numbered(
      id,
      notify.map((to) => ({
        kind: 'notification' as const,
        channel: str(input.channel) || 'inApp',
        to,
        message: `[${loop.name}/${f.feedback}] ${f.message}${suffix}`,
        data: {
          loop: loop.name,
          feedback: f.feedback,
          severity: f.severity,
          ...(proposal ? { proposalId: proposal } : {}),
        },
      })),
    ),
    trace: [
      {
        kind: 'step',
        name: 'window',
        detail: {
          since: input.since ?? null,
          until: input.until ?? null,
          metrics: list(input.metrics).length,
        },
      },
      { kind: 'rule', rule: f.feedback, matched: true, reason: f.message },
    ],
    reasons: [f.message],
    confidence: null,
    subject: `loop:${loop.name}`,
  };
};

/** A change to a proposal (accepted, rejected, rolled back, shadowed): its parts are listed in its input. */
const proposalChange: PartsBuilder = (id, input, loop) => {
  const notify = list(input.notify).map((n) => {
    const o = obj(n);
    return {
      kind: 'notification' as const,
      channel: str(o.channel) || 'inApp',
      to: str(o.to),
      message: str(o.message),
      data: { proposalId: str(input.proposalId) },
    };
  });
  return {
    output: obj(input.result),
    effects: numbered(id, notify),
    trace: list(input.steps).map((s) => ({
      kind: 'step' as const,
      name: str(obj(s).name),
      detail: obj(obj(s).detail),
    })),
    reasons: list(input.reasons).map(str),
    confidence: 1,
    subject: `loop:${loop.name}`,
  };
};

const BUILDERS: Readonly<Record<string, PartsBuilder>> = {
  'review.approve': reviewOutcome,
  'review.reject': reviewOutcome,
  'review.reassign': reviewReassign,
  'review.escalate': reviewEscalate,
  'feedback.finding': feedbackFinding,
  'proposal.accept': proposalChange,
  'proposal.reject': proposalChange,
  'proposal.rollback': proposalChange,
  'proposal.shadow': proposalChange,
  'proposal.create': proposalChange,
  'proposal.alert': proposalChange,
};

/** The event types of governance decisions whose parts are a function of their input. */
export const GOVERNANCE_EVENT_TYPES: readonly string[] = Object.keys(BUILDERS);

/** The parts of a governance decision of `eventType` with this input. */
export function governanceParts(
  eventType: string,
  id: string,
  input: JsonObject,
  loop: AnyLoop,
  config: unknown,
): DecisionParts {
  const build = BUILDERS[eventType];
  if (!build) throw new RevloopsError('USAGE', `no governance decision of type ${eventType}`);
  return build(id, input, loop, config);
}
