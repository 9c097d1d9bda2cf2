import {
  type AgentGateway,
  type AnyLoop,
  type Decision,
  inputContract,
  type Json,
  type JsonObject,
  type MetricObservation,
  observeMetrics,
  type RecordedRead,
  type RecordFilter,
  RevloopsError,
  recordMatches,
  triggerEventType,
} from '../kernel/index.js';
import {
  addMetricPoints,
  backoffMs,
  claimEvents,
  completeEvents,
  type Db,
  type EventTable,
  failEvent,
  findDecisionForEvent,
  insertDecisions,
  insertEvent,
  insertEvents,
  type NewEvent,
  recordConfigVersion,
  releaseEvents,
  type Store,
} from '../store/index.js';
import { canonicalJson, contentHash, type LoadedLoop, type Workspace } from '../workspace/index.js';
import { EffectBatch } from './apply-effects.js';
import { newId } from './ids.js';
import { type RecordedRun, runRecorded } from './run-recorded.js';
import { runShadows, type ShadowSource } from './shadow.js';
import { endSpan, type ParentSpan, startSpan, traceLoopRun } from './telemetry.js';
import { workspaceAgents } from './workspace-agents.js';

/** An event as a caller emits it. */
export interface EmitInput {
  type: string;
  payload: Json;
  subject?: string;
  source?: string;
  occurredAt?: string;
  /** Given by the caller, or derived from the type and payload. */
  idempotencyKey?: string;
}

/** The idempotency key of an event: the caller's, or derived from its type and payload. */
export function eventKey(input: EmitInput): string {
  return input.idempotencyKey ?? `derived:${contentHash({ type: input.type, payload: input.payload })}`;
}

/** Whether a stored event (its type and payload as stored JSON text) is the event `input` describes. */
export function sameEvent(stored: { type: string; payload: string }, input: EmitInput): boolean {
  return (
    stored.type === input.type &&
    canonicalJson(JSON.parse(stored.payload) as Json) === canonicalJson(input.payload)
  );
}

/** What a processing pass did. */
export interface ProcessReport {
  claimed: number;
  decisions: number;
  done: number;
  failed: number;
  dead: number;
  /** Ids of the decisions written, in order. */
  decisionIds: string[];
}

/** Options of an engine. */
export interface EngineOptions {
  workspace: Workspace;
  store: Store;
  /** The agent gateway (default: the workspace's `agents` block, API keys from process.env). */
  agents?: AgentGateway;
  /** The wall clock; tests inject a fixed one. */
  clock?: () => Date;
  worker?: string;
  maxAttempts?: number;
  batchSize?: number;
  /**
   * Runs of a batch in flight at once (default 1). Raise it when runs wait on something slow and
   * remote, such as an LLM provider or a distant database; SQLite reads are synchronous and gain nothing.
   */
  concurrency?: number;
  leaseMs?: number;
  /** Proposed configs to run in shadow beside the active ones (see `revloops proposals shadow`). */
  shadows?: ShadowSource;
}

/** A decision computed but not yet written. */
interface Pending {
  decision: Decision;
  effects: Decision['effects'];
  loop: AnyLoop;
  /** What proposed configs in shadow would have decided: stored, never acted on. */
  shadows?: Decision[];
}

/** Runs a workspace's loops on events, writing each decision with everything it caused. */
export class Engine {
  readonly workspace: Workspace;
  readonly store: Store;
  /** The agent gateway loops use (recorded per decision). */
  readonly agents: AgentGateway;
  private readonly clock: () => Date;
  private readonly worker: string;
  private readonly maxAttempts: number;
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly shadows: ShadowSource | undefined;

  constructor(options: EngineOptions) {
    this.workspace = options.workspace;
    this.store = options.store;
    this.agents =
      options.agents ?? workspaceAgents(options.workspace, options.store, process.env, options.clock);
    this.clock = options.clock ?? (() => new Date());
    this.worker = options.worker ?? `worker-${process.pid}`;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.batchSize = options.batchSize ?? 100;
    this.concurrency = options.concurrency ?? 1;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.shadows = options.shadows;
  }

  /** Stores every config version of the workspace as seen now (a no-op for versions already known). */
  async recordConfigVersions(): Promise<void> {
    const now = this.clock().toISOString();
    const ws = this.workspace;
    await recordConfigVersion(this.store.db, {
      loop: 'workspace',
      hash: ws.version,
      gitSha: ws.gitSha,
      source: 'revloops.yaml',
      content: ws.config,
      now,
    });
    for (const l of ws.loops.values()) {
      await recordConfigVersion(this.store.db, {
        loop: l.name,
        hash: l.version,
        gitSha: l.gitSha,
        source: l.source,
        content: l.config as Json,
        now,
      });
    }
  }

  /**
   * Accepts an event. The same idempotency key twice is accepted and does nothing the second time;
   * `conflict` says the key already names an event with another type or payload (nothing changed).
   */
  async emit(
    input: EmitInput,
    db: Db = this.store.db,
  ): Promise<{ id: string; inserted: boolean; conflict: boolean }> {
    const r = await insertEvent(db, this.newEvent(input, this.clock()));
    return { id: r.id, inserted: r.inserted, conflict: !r.inserted && !sameEvent(r, input) };
  }

  /** Accepts many events with multi-row inserts; returns, per input, whether it was new. */
  async emitMany(inputs: readonly EmitInput[], db: Db = this.store.db): Promise<boolean[]> {
    const now = this.clock();
    const events = inputs.map((input) => this.newEvent(input, now));
    const inserted = await insertEvents(db, events);
    const seen = new Set<string>();
    return events.map((e) => {
      const isNew = inserted.has(e.idempotencyKey) && !seen.has(e.idempotencyKey);
      seen.add(e.idempotencyKey);
      return isNew;
    });
  }

  private newEvent(input: EmitInput, now: Date): NewEvent {
    return {
      id: newId('evt', now),
      type: input.type,
      subject: input.subject ?? null,
      payload: input.payload,
      source: input.source ?? 'api',
      occurredAt: input.occurredAt ?? now.toISOString(),
      idempotencyKey: eventKey(input),
      parentDecisionId: null,
      rootId: null,
      now: now.toISOString(),
    };
  }

  /** The enabled loops that an event type triggers. */
  consumersOf(type: string): LoadedLoop[] {
    let found = this.consumers.get(type);
    if (!found) {
      found = [...this.workspace.loops.values()].filter(
        (l) => l.enabled && l.loop.triggers.some((t) => triggerEventType(t, l.name) === type),
      );
      this.consumers.set(type, found);
    }
    return found;
  }

  /**
   * The first loop an event of `type` starts whose payload contract `payload` breaks (the input its
   * trigger declares for the type, else the loop's), with the issues by path inside the payload;
   * null when every loop it starts can take it. Intake checks this before storing an event.
   */
  contractProblem(
    type: string,
    payload: unknown,
  ): { loop: string; issues: { path: string[]; message: string }[] } | null {
    for (const consumer of this.consumersOf(type)) {
      const r = inputContract(consumer.loop, type).safeParse(payload);
      if (!r.success)
        return {
          loop: consumer.name,
          issues: r.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
        };
    }
    return null;
  }

  /** The loops each event type triggers; the workspace is fixed for the engine's life. */
  private readonly consumers = new Map<string, LoadedLoop[]>();

  /** Events the last batch's transaction claimed for the next batch (see processBatch). */
  private prefetched: EventTable[] = [];

  /** Hands back events claimed ahead but not processed, so another worker can take them at once. */
  async release(): Promise<void> {
    if (this.prefetched.length === 0) return;
    const ids = this.prefetched.map((e) => e.id);
    this.prefetched = [];
    await releaseEvents(this.store.db, ids, this.worker);
  }

  private claim(db: Db, now: Date): Promise<EventTable[]> {
    return claimEvents(db, this.store.dialect, {
      worker: this.worker,
      limit: this.batchSize,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
    });
  }

  /** Processes pending events until none are left (or `maxBatches` batches ran). */
  async drain(maxBatches = Number.POSITIVE_INFINITY): Promise<ProcessReport> {
    const total: ProcessReport = { claimed: 0, decisions: 0, done: 0, failed: 0, dead: 0, decisionIds: [] };
    for (let i = 0; i < maxBatches; i++) {
      const r = await this.processBatch();
      total.claimed += r.claimed;
      total.decisions += r.decisions;
      total.done += r.done;
      total.failed += r.failed;
      total.dead += r.dead;
      total.decisionIds.push(...r.decisionIds);
      if (r.claimed === 0) break;
    }
    await this.release();
    return total;
  }

  /**
   * Claims one micro-batch, runs the loops outside any transaction, then writes the batch in one.
   * The transaction that commits a batch also claims the next one, so a busy worker runs one
   * transaction per batch; `release` hands back a batch claimed ahead when the worker stops.
   */
  async processBatch(): Promise<ProcessReport> {
    let events = this.prefetched;
    this.prefetched = [];
    if (events.length === 0) events = await this.store.transaction((trx) => this.claim(trx, this.clock()));
    // A span per batch that has work (telemetry on only); each loop run is a child of it.
    const span =
      events.length > 0
        ? startSpan('revloops.batch', {
            'revloops.worker': this.worker,
            'revloops.batch.claimed': events.length,
          })
        : undefined;
    try {
      const report = await this.runBatch(events, span);
      endSpan(span, {
        'revloops.batch.decisions': report.decisions,
        'revloops.batch.done': report.done,
        'revloops.batch.failed': report.failed,
        'revloops.batch.dead': report.dead,
      });
      return report;
    } catch (err) {
      endSpan(span, {}, err);
      throw err;
    }
  }

  /** Runs the loops of a claimed batch and commits what they decided. */
  private async runBatch(events: EventTable[], span: ParentSpan | undefined): Promise<ProcessReport> {
    const report: ProcessReport = {
      claimed: events.length,
      decisions: 0,
      done: 0,
      failed: 0,
      dead: 0,
      decisionIds: [],
    };
    // Every run of the batch starts against the same committed state, several at a time, so reads
    // that wait on the database (PostgreSQL, agents over HTTP) overlap instead of queueing.
    const first = await mapLimit(events, this.concurrency, (event) => this.attempt(event, span));
    let ready: Ready[] = [];
    // Writes of the runs accepted so far in this batch. A precomputed run that read one of them
    // read stale state: the batch commits what it has and runs that event again, so a batch
    // decides exactly as one-by-one processing would.
    const written = new BatchWrites();
    for (const [i, event] of events.entries()) {
      let outcome = first[i] as Attempt;
      if (outcome.ok && written.seenBy(outcome.pending)) {
        await this.commitReady(ready, report);
        ready = [];
        outcome = await this.attempt(event, span);
      }
      if (!outcome.ok) {
        report[await this.fail(event, outcome.error)]++;
        continue;
      }
      ready.push({ event, pending: outcome.pending });
      written.add(outcome.pending);
    }
    this.prefetched = await this.commitReady(ready, report, events.length === this.batchSize);
    return report;
  }

  private async attempt(event: EventTable, span?: ParentSpan): Promise<Attempt> {
    try {
      return { ok: true, pending: await this.decide(event, span) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /**
   * Commits ready events in one transaction; if that fails, one by one, so one bad event fails
   * alone. With `claimNext`, the same transaction claims the next batch and returns it.
   */
  private async commitReady(
    ready: readonly Ready[],
    report: ProcessReport,
    claimNext = false,
  ): Promise<EventTable[]> {
    if (ready.length === 0) return [];
    try {
      const next = await this.store.transaction(async (trx) => {
        await this.commit(trx, ready);
        return claimNext ? this.claim(trx, this.clock()) : [];
      });
      for (const r of ready) this.count(report, r.pending);
      return next;
    } catch {
      for (const r of ready) {
        try {
          await this.store.transaction((trx) => this.commit(trx, [r]));
          this.count(report, r.pending);
        } catch (err) {
          report[await this.fail(r.event, err)]++;
        }
      }
      return [];
    }
  }

  private count(report: ProcessReport, pending: readonly Pending[]): void {
    report.done++;
    report.decisions += pending.length;
    report.decisionIds.push(...pending.map((p) => p.decision.id));
  }

  private async fail(event: EventTable, err: unknown): Promise<'failed' | 'dead'> {
    const contract = err instanceof RevloopsError && err.code === 'CONTRACT_VIOLATION';
    const message =
      err instanceof Error
        ? `${err instanceof RevloopsError ? `${err.code}: ` : ''}${err.message}`
        : String(err);
    return failEvent(this.store.db, {
      id: event.id,
      error: message,
      now: this.clock().toISOString(),
      maxAttempts: contract ? 1 : this.maxAttempts,
      backoffMs: (n) => backoffMs(n, 2_000),
    });
  }

  /** Runs every loop the event triggers that has not decided on it yet. */
  private async decide(event: EventTable, span?: ParentSpan): Promise<Pending[]> {
    const out: Pending[] = [];
    // Decisions commit in the transaction that completes their event, so an event that never failed
    // has none; after a failure, the lookup (and the unique event/loop key) keeps work from doubling.
    const seenBefore = event.attempts > 0;
    for (const loaded of this.consumersOf(event.type)) {
      if (seenBefore && (await findDecisionForEvent(this.store.db, event.id, loaded.name))) continue;
      out.push(await this.runLoop(loaded, event, span));
    }
    return out;
  }

  private async runLoop(loaded: LoadedLoop, event: EventTable, span?: ParentSpan): Promise<Pending> {
    const run: RecordedRun = {
      input: JSON.parse(event.payload) as Json,
      subject: event.subject,
      now: this.clock(),
      eventType: event.type,
      eventId: event.id,
      parentIds: event.parent_decision_id ? [event.parent_decision_id] : [],
      ...(event.root_id ? { rootId: event.root_id } : {}),
    };
    const { decision, result } = await traceLoopRun(
      span,
      { loop: loaded.name, eventType: event.type, eventId: event.id, configVersion: loaded.version },
      () => runRecorded(this, loaded, run),
    );
    const pending: Pending = { decision, effects: result.effects, loop: loaded.loop };
    const shadows = this.shadows ? await this.shadows.shadowsOf(loaded.name) : [];
    if (shadows.length > 0) pending.shadows = await runShadows(this, shadows, decision, run);
    return pending;
  }

  /**
   * Writes a batch's decisions, their effects and metrics, and marks its events done, all in the
   * caller's transaction: either every event of the batch is done with its decisions, or none is.
   */
  private async commit(trx: Db, ready: readonly Ready[]): Promise<void> {
    const now = this.clock();
    const effects = new EffectBatch(now, (type) => this.consumersOf(type).length > 0);
    const metrics = new MetricRollup();
    const shadows: Decision[] = [];
    for (const { pending } of ready) {
      for (const p of pending) {
        effects.add(p.decision, p.effects);
        metrics.add(p.decision.loop, p.decision.now, observeMetrics(p.loop.metrics, p.decision));
        if (p.shadows) shadows.push(...p.shadows);
      }
    }
    await effects.flush(trx);
    if (shadows.length > 0) await insertDecisions(trx, shadows);
    await metrics.flush(trx);
    const held = await completeEvents(
      trx,
      ready.map((r) => r.event.id),
      this.worker,
      now.toISOString(),
    );
    if (held !== ready.length) {
      throw new RevloopsError(
        'CONFLICT',
        `${ready.length - held} event(s) of the batch are no longer held by ${this.worker} (lease expired)`,
      );
    }
  }
}

/** A run of an event's loops: its pending decisions, or the error it failed with. */
type Attempt = { ok: true; pending: Pending[] } | { ok: false; error: unknown };

/** Maps with at most `limit` calls in flight; results keep the input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return out;
}

/** An event whose decisions are computed and waiting to commit. */
interface Ready {
  event: EventTable;
  pending: Pending[];
}

/** A run's reads of single records by key, the first of each (what the record held before the run). */
function firstGets(reads: readonly RecordedRead[]): Map<string, RecordedRead> {
  const out = new Map<string, RecordedRead>();
  for (const r of reads) if (r.key.startsWith('get:') && !out.has(r.key)) out.set(r.key, r);
  return out;
}

/** The records a batch will write, to spot a later run in the batch that reads one of them. */
class BatchWrites {
  private readonly records = new Set<string>();
  /** Per kind, each write's fields before and after (undefined: not known to this batch). */
  private readonly changes = new Map<
    string,
    { before: JsonObject | null | undefined; after: JsonObject | null | undefined }[]
  >();

  add(pending: readonly Pending[]): void {
    for (const p of pending) {
      // The writing run's own reads of records, by key: a run over a page writes and reads many.
      let gets: Map<string, RecordedRead> | undefined;
      for (const e of p.effects) {
        if (e.kind === 'record_write') {
          // The writing run's own read of the record, if it made one, tells what it held before.
          gets ??= firstGets(p.decision.reads);
          const read = gets.get(`get:${e.record}:${JSON.stringify(e.recordId)}`);
          const before = read ? ((read.result as { values?: JsonObject } | null)?.values ?? null) : undefined;
          const after =
            e.op === 'delete'
              ? null
              : e.op === 'upsert'
                ? e.values
                : before === undefined
                  ? undefined
                  : { ...(before ?? {}), ...e.values };
          this.note(e.record, e.recordId, before, after);
        } else if (e.kind === 'task') {
          this.note('task', e.id, null, { assignee: e.assignee, status: 'open', title: e.title });
        }
      }
    }
  }

  /**
   * True when a run read a record written earlier in the batch, or filtered a kind the batch wrote
   * in a way that can change what the filter finds: a write whose fields before or after match it,
   * or one whose fields are not known here.
   */
  seenBy(pending: readonly Pending[]): boolean {
    for (const p of pending) {
      for (const r of p.decision.reads) {
        const first = r.key.indexOf(':');
        const second = r.key.indexOf(':', first + 1);
        const op = r.key.slice(0, first);
        const kind = r.key.slice(first + 1, second);
        if (op === 'get') {
          if (this.records.has(`${kind}:${JSON.parse(r.key.slice(second + 1))}`)) return true;
        } else if (op === 'find' || op === 'count') {
          const changes = this.changes.get(kind);
          if (!changes) continue;
          const args = JSON.parse(r.key.slice(second + 1)) as RecordFilter | { filter: RecordFilter };
          const filter = op === 'find' ? (args as { filter: RecordFilter }).filter : (args as RecordFilter);
          for (const c of changes) {
            if (c.before === undefined || c.after === undefined) return true;
            if ((c.before && recordMatches(c.before, filter)) || (c.after && recordMatches(c.after, filter)))
              return true;
          }
        }
      }
    }
    return false;
  }

  private note(
    kind: string,
    id: string,
    before: JsonObject | null | undefined,
    after: JsonObject | null | undefined,
  ): void {
    this.records.add(`${kind}:${id}`);
    const list = this.changes.get(kind) ?? [];
    list.push({ before, after });
    this.changes.set(kind, list);
  }
}

/** Metric observations of a batch, written as one upsert per loop, hour, metric and label. */
class MetricRollup {
  private readonly groups = new Map<
    string,
    { loop: string; at: string; observations: MetricObservation[] }
  >();

  add(loop: string, at: string, observations: readonly MetricObservation[]): void {
    const key = `${loop}\u0000${at.slice(0, 13)}`;
    const group = this.groups.get(key) ?? { loop, at, observations: [] };
    group.observations.push(...observations);
    this.groups.set(key, group);
  }

  async flush(trx: Db): Promise<void> {
    for (const g of this.groups.values()) await addMetricPoints(trx, g);
  }
}
