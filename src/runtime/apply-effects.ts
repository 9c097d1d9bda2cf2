import type { Decision, Effect, RecordKind } from '../kernel/index.js';
import {
  applyRecordWrites,
  type Db,
  enqueueOutboxRows,
  insertDecisions,
  insertEvents,
  insertReviewItems,
  type NewEvent,
  type NewOutboxRow,
  type NewReviewItem,
  type RecordWriteOp,
} from '../store/index.js';
import { newId } from './ids.js';

/**
 * Decisions and everything they caused, gathered so a micro-batch is written with a handful of
 * multi-row statements (decisions, record writes per kind, handoff events, review items, outbox)
 * instead of several statements per decision. Order within each table is the decisions' order.
 */
export class EffectBatch {
  private readonly decisions: Decision[] = [];
  private readonly writes: RecordWriteOp[] = [];
  private readonly events: NewEvent[] = [];
  private readonly reviews: NewReviewItem[] = [];
  private readonly outbox: NewOutboxRow[] = [];

  /**
   * `consumed` says whether any loop takes an event type: a handoff nobody takes is stored done
   * (it stays in the chain for explain) instead of being claimed and completed with no decisions.
   */
  constructor(
    private readonly now: Date,
    private readonly consumed: (type: string) => boolean = () => true,
  ) {}

  /** Adds a decision and the effects it caused. */
  add(decision: Decision, effects: readonly Effect[]): void {
    this.decisions.push(decision);
    const iso = this.now.toISOString();
    for (const effect of effects) {
      switch (effect.kind) {
        case 'record_write':
          this.writes.push({
            kind: effect.record as RecordKind,
            id: effect.recordId,
            op: effect.op,
            values: effect.values,
          });
          break;
        case 'task':
          this.writes.push({
            kind: 'task',
            id: effect.id,
            op: 'upsert',
            values: {
              title: effect.title,
              assignee: effect.assignee,
              status: 'open',
              dueAt: effect.dueAt ?? null,
              subject: effect.subject ?? decision.subject,
              details: effect.details ?? {},
              loop: decision.loop,
              decisionId: decision.id,
            },
          });
          break;
        case 'review_item':
          this.reviews.push({ loop: decision.loop, decisionId: decision.id, item: effect, now: iso });
          break;
        case 'notification':
          this.outbox.push({
            id: effect.id,
            decisionId: decision.id,
            channel: effect.channel,
            recipient: effect.to,
            payload: { message: effect.message, data: effect.data ?? {} },
            now: iso,
          });
          break;
        case 'escalation':
          this.outbox.push({
            id: effect.id,
            decisionId: decision.id,
            channel: 'escalation',
            recipient: effect.to,
            payload: {
              reason: effect.reason,
              subject: effect.subject ?? decision.subject,
              data: effect.data ?? {},
            },
            now: iso,
          });
          break;
        case 'handoff':
          this.events.push({
            id: newId('evt', this.now),
            type: effect.type,
            subject: effect.subject ?? decision.subject,
            payload: effect.payload,
            source: `loop:${decision.loop}`,
            occurredAt: iso,
            idempotencyKey: `handoff:${effect.id}`,
            parentDecisionId: decision.id,
            rootId: decision.rootId,
            now: iso,
            settled: !this.consumed(effect.type),
          });
          break;
      }
    }
  }

  /** Writes everything gathered, inside the caller's transaction. */
  async flush(db: Db): Promise<void> {
    await insertDecisions(db, this.decisions);
    await applyRecordWrites(db, this.writes, this.now.toISOString());
    await insertEvents(db, this.events);
    await insertReviewItems(db, this.reviews);
    await enqueueOutboxRows(db, this.outbox);
  }
}
