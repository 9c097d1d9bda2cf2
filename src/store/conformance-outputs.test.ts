import { describe, expect, it } from 'vitest';
import type { Decision, ReviewItemEffect } from '../kernel/index.js';
import type { Db } from './open-store.js';
import { getDecision, insertDecision } from './ops/decisions.js';
import { getEvent, insertEvent } from './ops/events.js';
import { addMetricPoints, hourBucket, summarizeMetrics } from './ops/metrics.js';
import { enqueueOutbox, listOutbox } from './ops/outbox.js';
import { getRecord, writeRecord } from './ops/records.js';
import { insertReviewItem, listReviewItems } from './ops/review-items.js';
import { conformance } from './test-stores.js';

const NOW = '2025-03-01T10:15:00.000Z';

function review(id: string, overrides: Partial<ReviewItemEffect> = {}): ReviewItemEffect {
  return {
    kind: 'review_item',
    id,
    queue: 'qualify-review',
    proposedAction: { grade: 'B', reasons: ['close call'], score: 0.49 },
    reasoning: 'score is at the boundary',
    ...overrides,
  };
}

function decision(id: string): Decision {
  return {
    id,
    loop: 'qualify',
    loopVersion: '1.0.0',
    configVersion: 'cfg_1',
    gitSha: null,
    mode: 'live',
    subject: 'lead:1',
    eventId: 'evt_1',
    eventType: 'lead.created',
    parentIds: [],
    rootId: id,
    input: {},
    output: { grade: 'A' },
    effects: [],
    trace: [],
    reasons: [],
    confidence: null,
    reads: [],
    agentAnswers: [],
    now: NOW,
    seed: 7,
    latencyMs: 1,
    createdAt: NOW,
  };
}

conformance('review items, outbox, metrics and transactions', (t) => {
  describe('review items', () => {
    it('opens an item with its SLA due date, confidence and proposed action', async () => {
      const { store } = t();
      const item = review('dec_1.1', { slaHours: 4, confidence: 0.62, assignee: 'u1', subject: 'lead:1' });
      await insertReviewItem(store.db, { loop: 'qualify', decisionId: 'dec_1', item, now: NOW });
      const [row, ...rest] = await listReviewItems(store.db, { queue: 'qualify-review' });
      expect(rest).toEqual([]);
      expect(row).toEqual({
        id: 'dec_1.1',
        loop: 'qualify',
        queue: 'qualify-review',
        decision_id: 'dec_1',
        subject: 'lead:1',
        assignee: 'u1',
        proposed_action: JSON.stringify(item.proposedAction),
        confidence: 0.62,
        reasoning: 'score is at the boundary',
        status: 'open',
        due_at: '2025-03-01T14:15:00.000Z',
        created_at: NOW,
        resolved_at: null,
        resolution: null,
        resolved_by: null,
        escalations: null,
        escalated_at: null,
        updated_at: null,
      });
    });

    it('leaves the due date, confidence, subject and assignee empty when not given', async () => {
      const { store } = t();
      await insertReviewItem(store.db, {
        loop: 'qualify',
        decisionId: 'dec_1',
        item: review('dec_1.1'),
        now: NOW,
      });
      await insertReviewItem(store.db, {
        loop: 'route',
        decisionId: 'dec_2',
        item: review('dec_2.1', { queue: 'route-review', slaHours: 0.5 }),
        now: NOW,
      });
      const [row] = await listReviewItems(store.db, { queue: 'qualify-review' });
      expect(row).toMatchObject({ due_at: null, confidence: null, subject: null, assignee: null });
      const [other] = await listReviewItems(store.db, { queue: 'route-review', status: 'open' });
      expect(other).toMatchObject({ id: 'dec_2.1', due_at: '2025-03-01T10:45:00.000Z' });
      expect((await listReviewItems(store.db, {})).map((r) => r.id)).toEqual(['dec_1.1', 'dec_2.1']);
      expect(await listReviewItems(store.db, { status: 'resolved' })).toEqual([]);
    });
  });

  describe('outbox', () => {
    it('enqueues a message once per id', async () => {
      const { store } = t();
      const msg = { decisionId: 'dec_1', channel: 'slack', recipient: '#sales', now: NOW };
      await enqueueOutbox(store.db, { ...msg, id: 'dec_1.2', payload: { text: 'first', n: 1 } });
      await enqueueOutbox(store.db, { ...msg, id: 'dec_1.2', payload: { text: 'second', n: 2 } });
      await enqueueOutbox(store.db, { ...msg, id: 'dec_1.3', channel: 'email', payload: { text: 'mail' } });
      const rows = await listOutbox(store.db, { limit: 10 });
      expect(rows.map((r) => [r.id, r.channel, JSON.parse(r.payload)])).toEqual([
        ['dec_1.2', 'slack', { text: 'first', n: 1 }],
        ['dec_1.3', 'email', { text: 'mail' }],
      ]);
      expect(rows[0]).toMatchObject({
        decision_id: 'dec_1',
        recipient: '#sales',
        status: 'pending',
        attempts: 0,
        next_attempt_at: NOW,
        created_at: NOW,
        delivered_at: null,
      });
      expect((await listOutbox(store.db, { limit: 1 })).map((r) => r.id)).toEqual(['dec_1.2']);
    });
  });

  describe('metrics', () => {
    it('rolls observations up per hour bucket and label: count, sum, min and max', async () => {
      const { store } = t();
      await addMetricPoints(store.db, {
        loop: 'qualify',
        at: '2025-03-01T10:05:00.000Z',
        observations: [
          { metric: 'latency_ms', label: '', value: 12.5 },
          { metric: 'latency_ms', label: '', value: 3 },
          { metric: 'grade', label: 'A', value: 1 },
        ],
      });
      await addMetricPoints(store.db, {
        loop: 'qualify',
        at: '2025-03-01T10:59:59.999Z',
        observations: [
          { metric: 'latency_ms', label: '', value: -1.25 },
          { metric: 'latency_ms', label: '', value: 40 },
          { metric: 'grade', label: 'A', value: 1 },
          { metric: 'grade', label: 'B', value: 1 },
        ],
      });
      await addMetricPoints(store.db, {
        loop: 'qualify',
        at: '2025-03-01T11:00:00.000Z',
        observations: [{ metric: 'latency_ms', label: '', value: 100 }],
      });
      await addMetricPoints(store.db, {
        loop: 'route',
        at: '2025-03-01T10:30:00.000Z',
        observations: [{ metric: 'latency_ms', label: '', value: 999 }],
      });

      const rows = await store.db
        .selectFrom('metrics')
        .selectAll()
        .where('loop', '=', 'qualify')
        .orderBy('metric')
        .orderBy('label')
        .orderBy('bucket')
        .execute();
      expect(rows.map((r) => ({ ...r, count: Number(r.count), sum: Number(r.sum) }))).toEqual([
        {
          loop: 'qualify',
          metric: 'grade',
          label: 'A',
          bucket: '2025-03-01T10:00:00.000Z',
          count: 2,
          sum: 2,
          min: 1,
          max: 1,
        },
        {
          loop: 'qualify',
          metric: 'grade',
          label: 'B',
          bucket: '2025-03-01T10:00:00.000Z',
          count: 1,
          sum: 1,
          min: 1,
          max: 1,
        },
        {
          loop: 'qualify',
          metric: 'latency_ms',
          label: '',
          bucket: '2025-03-01T10:00:00.000Z',
          count: 4,
          sum: 54.25,
          min: -1.25,
          max: 40,
        },
        {
          loop: 'qualify',
          metric: 'latency_ms',
          label: '',
          bucket: '2025-03-01T11:00:00.000Z',
          count: 1,
          sum: 100,
          min: 100,
          max: 100,
        },
      ]);

      expect(await summarizeMetrics(store.db, 'qualify', '2025-03-01T10:30:00.000Z')).toEqual([
        { metric: 'grade', label: 'A', count: 2, sum: 2, min: 1, max: 1 },
        { metric: 'grade', label: 'B', count: 1, sum: 1, min: 1, max: 1 },
        { metric: 'latency_ms', label: '', count: 5, sum: 154.25, min: -1.25, max: 100 },
      ]);
      expect(await summarizeMetrics(store.db, 'qualify', '2025-03-01T11:00:00.000Z')).toEqual([
        { metric: 'latency_ms', label: '', count: 1, sum: 100, min: 100, max: 100 },
      ]);
      expect(await summarizeMetrics(store.db, 'route', '2025-03-01T00:00:00.000Z')).toEqual([
        { metric: 'latency_ms', label: '', count: 1, sum: 999, min: 999, max: 999 },
      ]);
      expect(await summarizeMetrics(store.db, 'qualify', '2025-03-01T12:00:00.000Z')).toEqual([]);
      expect(hourBucket('2025-03-01T10:59:59.999Z')).toBe('2025-03-01T10:00:00.000Z');
    });
  });

  describe('transactions', () => {
    const writeAll = async (trx: Db) => {
      await insertEvent(trx, {
        id: 'evt_1',
        type: 'lead.created',
        subject: 'lead:1',
        payload: {},
        source: 'test',
        occurredAt: NOW,
        idempotencyKey: 'k1',
        parentDecisionId: null,
        rootId: null,
        now: NOW,
      });
      await insertDecision(trx, decision('dec_1'));
      await writeRecord(trx, {
        kind: 'lead',
        id: 'lead_1',
        values: { email: 'a@b.test' },
        op: 'upsert',
        now: NOW,
      });
      await enqueueOutbox(trx, {
        id: 'dec_1.1',
        decisionId: 'dec_1',
        channel: 'slack',
        recipient: '#x',
        payload: {},
        now: NOW,
      });
      await addMetricPoints(trx, {
        loop: 'qualify',
        at: NOW,
        observations: [{ metric: 'decisions', label: '', value: 1 }],
      });
    };

    it('commits every write together', async () => {
      const { store } = t();
      await expect(
        store.transaction(async (trx) => {
          await writeAll(trx);
          return 'done';
        }),
      ).resolves.toBe('done');
      expect((await getEvent(store.db, 'evt_1'))?.id).toBe('evt_1');
      expect((await getDecision(store.db, 'dec_1'))?.id).toBe('dec_1');
      expect((await getRecord(store.db, 'lead', 'lead_1'))?.values).toEqual({ email: 'a@b.test' });
      expect(await listOutbox(store.db, { limit: 10 })).toHaveLength(1);
      expect(await summarizeMetrics(store.db, 'qualify', NOW)).toHaveLength(1);
    });

    it('writes nothing when the function throws', async () => {
      const { store } = t();
      const failing = store.transaction(async (trx) => {
        await writeAll(trx);
        throw new Error('crash after the writes');
      });
      await expect(failing).rejects.toThrow('crash after the writes');
      expect(await getEvent(store.db, 'evt_1')).toBeUndefined();
      expect(await getDecision(store.db, 'dec_1')).toBeUndefined();
      expect(await getRecord(store.db, 'lead', 'lead_1')).toBeNull();
      expect(await listOutbox(store.db, { limit: 10 })).toEqual([]);
      expect(await summarizeMetrics(store.db, 'qualify', NOW)).toEqual([]);
    });
  });
});
