import type { Decision, Effect, RecordKind } from '../kernel/index.js';
import { type Db, deleteRecord, enqueueOutbox, insertEvent, insertReviewItem, writeRecord } from '../store/index.js';
import { newId } from './ids.js';

/** Writes what a decision caused, inside the caller's transaction. */
export async function applyEffects(
  db: Db,
  decision: Decision,
  effects: readonly Effect[],
  now: Date,
): Promise<void> {
  const iso = now.toISOString();
  for (const effect of effects) {
    switch (effect.kind) {
      case 'record_write':
        if (effect.op === 'delete') await deleteRecord(db, effect.record as RecordKind, effect.recordId);
        else {
          await writeRecord(db, { kind: effect.record as RecordKind, id: effect.recordId, values: effect.values, op: effect.op, now: iso });
        }
        break;
      case 'task':
        await writeRecord(db, {
          kind: 'task',
          id: effect.id,
          op: 'upsert',
          now: iso,
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
        await insertReviewItem(db, { loop: decision.loop, decisionId: decision.id, item: effect, now: iso });
        break;
      case 'notification':
        await enqueueOutbox(db, {
          id: effect.id,
          decisionId: decision.id,
          channel: effect.channel,
          recipient: effect.to,
          payload: { message: effect.message, data: effect.data ?? {} },
          now: iso,
        });
        break;
      case 'escalation':
        await enqueueOutbox(db, {
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
        await insertEvent(db, {
          id: newId('evt', now),
          type: effect.type,
          subject: effect.subject ?? decision.subject,
          payload: effect.payload,
          source: `loop:${decision.loop}`,
          occurredAt: iso,
          idempotencyKey: `handoff:${effect.id}`,
          parentDecisionId: decision.id,
          rootId: decision.rootId,
          now: iso,
        });
        break;
    }
  }
}
