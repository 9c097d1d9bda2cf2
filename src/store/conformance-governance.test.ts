import { describe, expect, it } from 'vitest';
import type { Decision } from '../kernel/index.js';
import { insertDecisions } from './ops/decisions.js';
import { decisionsInWindow, decisionsOfVersion } from './ops/governance-decisions.js';
import { latencyPercentiles, metricSeries } from './ops/metric-series.js';
import { addMetricPoints } from './ops/metrics.js';
import {
  AUTONOMY_ACTOR,
  findProposals,
  insertProposal,
  type ProposalRow,
  proposalDecisions,
  updateProposal,
} from './ops/proposals.js';
import { insertReviewItems } from './ops/review-items.js';
import {
  dueReviewItems,
  findReviewItems,
  markEscalated,
  reassignReviewItem,
  resolveReviewItem,
} from './ops/review-queue.js';
import { conformance } from './test-stores.js';

const NOW = '2026-11-24T15:00:00.000Z';

function decision(id: string, extra: Partial<Decision> = {}): Decision {
  return {
    id,
    loop: 'qualify',
    loopVersion: '1.0.0',
    configVersion: 'v1',
    gitSha: null,
    mode: 'live',
    subject: null,
    eventId: null,
    eventType: 'lead.created',
    parentIds: [],
    rootId: id,
    input: {},
    output: {},
    effects: [],
    trace: [],
    reasons: [],
    confidence: null,
    reads: [],
    agentAnswers: [],
    now: NOW,
    seed: 1,
    latencyMs: 1,
    createdAt: NOW,
    ...extra,
  };
}

function proposal(id: string, extra: Partial<ProposalRow> = {}): ProposalRow {
  return {
    id,
    loop: 'qualify',
    feedback: 'raise-a-threshold',
    title: 'raise it',
    evidence: '{}',
    patch: '[]',
    status: 'open',
    config_version: 'v1',
    created_at: NOW,
    resolved_at: null,
    level: 3,
    decision_id: null,
    fingerprint: `fp-${id}`,
    source: 'loops/qualify.yaml',
    yaml: 'loop: qualify\n',
    diff: '',
    backtest: null,
    rollback: null,
    proposed_version: 'v2',
    shadow_since: null,
    resolved_by: null,
    resolution: null,
    updated_at: NOW,
    ...extra,
  };
}

conformance('governance: proposals, review actions, decisions by window and version, metric series', (t) => {
  describe('proposals', () => {
    it('finds by id or unique prefix, and resolves only once', async () => {
      const { store } = t();
      await insertProposal(store.db, proposal('prp_01ABCDEF01'));
      await insertProposal(store.db, proposal('prp_01ABCDEF02'));
      expect((await findProposals(store.db, 'prp_01ABCDEF01')).map((p) => p.id)).toEqual(['prp_01ABCDEF01']);
      expect(await findProposals(store.db, 'prp_01ABCDEF')).toHaveLength(2);
      const values = { status: 'accepted', resolved_by: 'u-jon', resolved_at: NOW };
      expect(await updateProposal(store.db, 'prp_01ABCDEF01', ['open'], values)).toBe(true);
      expect(await updateProposal(store.db, 'prp_01ABCDEF01', ['open'], { status: 'rejected' })).toBe(false);
      expect((await findProposals(store.db, 'prp_01ABCDEF01'))[0]?.status).toBe('accepted');
    });

    it("counts people's decisions per kind, leaving out earned autonomy", async () => {
      const { store } = t();
      await insertProposal(store.db, proposal('p1', { status: 'accepted', resolved_by: 'u-jon' }));
      await insertProposal(store.db, proposal('p2', { status: 'rolled-back', resolved_by: 'u-jon' }));
      await insertProposal(store.db, proposal('p3', { status: 'rejected', resolved_by: 'u-ana' }));
      await insertProposal(store.db, proposal('p4', { status: 'accepted', resolved_by: AUTONOMY_ACTOR }));
      await insertProposal(store.db, proposal('p5', { status: 'open' }));
      await insertProposal(
        store.db,
        proposal('p6', { status: 'accepted', resolved_by: 'u-jon', feedback: 'other' }),
      );
      expect(await proposalDecisions(store.db, { feedback: 'raise-a-threshold' })).toEqual({
        accepted: 2,
        rejected: 1,
      });
      expect(await proposalDecisions(store.db, { feedback: 'raise-a-threshold', loop: 'route' })).toEqual({
        accepted: 0,
        rejected: 0,
      });
    });
  });

  describe('review actions', () => {
    const item = (id: string, slaHours?: number) => ({
      loop: 'qualify',
      decisionId: 'dec_1',
      now: NOW,
      item: {
        kind: 'review_item' as const,
        id,
        queue: slaHours === undefined ? 'triage' : 'enrichment',
        proposedAction: { pick: 'c1' },
        reasoning: 'close call',
        ...(slaHours === undefined ? {} : { slaHours }),
      },
    });

    it('resolves once, reassigns only open items, and escalates each level once', async () => {
      const { store } = t();
      await insertReviewItems(store.db, [item('dec_1.1', 2), item('dec_1.2')]);
      const by = { status: 'approved' as const, by: 'u-ana', resolution: { outcome: 'approved' }, now: NOW };
      expect(await resolveReviewItem(store.db, { id: 'dec_1.1', ...by })).toBe(true);
      expect(await resolveReviewItem(store.db, { id: 'dec_1.1', ...by, status: 'rejected' })).toBe(false);
      expect(await reassignReviewItem(store.db, { id: 'dec_1.1', assignee: 'u-ben', now: NOW })).toBe(false);
      expect(await reassignReviewItem(store.db, { id: 'dec_1.2', assignee: 'u-ben', now: NOW })).toBe(true);
      expect(await markEscalated(store.db, { id: 'dec_1.2', level: 1, now: NOW })).toBe(true);
      expect(await markEscalated(store.db, { id: 'dec_1.2', level: 1, now: NOW })).toBe(false);
      expect(
        await markEscalated(store.db, { id: 'dec_1.2', level: 2, assignee: 'role:admin', now: NOW }),
      ).toBe(true);
      const [row] = await findReviewItems(store.db, 'dec_1.2');
      expect(row).toMatchObject({ assignee: 'role:admin', escalations: 2, status: 'open' });
      const [done] = await findReviewItems(store.db, 'dec_1.1');
      expect(done).toMatchObject({ status: 'approved', resolved_by: 'u-ana' });
    });

    it('lists open items due by now, and items of queues whose SLA the caller applies', async () => {
      const { store } = t();
      await insertReviewItems(store.db, [item('a.1', 1), item('a.2', 48), item('a.3')]);
      const later = '2026-11-24T17:00:00.000Z';
      expect(
        (await dueReviewItems(store.db, { now: later, queuesWithSla: [], limit: 10 })).map((r) => r.id),
      ).toEqual(['a.1']);
      expect(
        (await dueReviewItems(store.db, { now: later, queuesWithSla: ['triage'], limit: 10 })).map(
          (r) => r.id,
        ),
      ).toEqual(['a.1', 'a.3']);
    });
  });

  describe('decisions and metrics', () => {
    it('selects decisions by their own instant, mode and event type, and by config version', async () => {
      const { store } = t();
      await insertDecisions(store.db, [
        decision('dec_1', { now: '2026-11-20T00:00:00.000Z' }),
        decision('dec_2', { now: '2026-11-23T00:00:00.000Z' }),
        decision('dec_3', { now: '2026-11-23T01:00:00.000Z', mode: 'shadow', configVersion: 'v2' }),
        decision('dec_4', { now: '2026-11-23T02:00:00.000Z', eventType: 'lead.converted' }),
      ]);
      const window = { loop: 'qualify', mode: 'live', from: '2026-11-22T00:00:00.000Z', limit: 10 };
      expect((await decisionsInWindow(store.db, window)).map((d) => d.id)).toEqual(['dec_2', 'dec_4']);
      expect(
        (await decisionsInWindow(store.db, { ...window, eventTypes: ['lead.created'] })).map((d) => d.id),
      ).toEqual(['dec_2']);
      expect((await decisionsInWindow(store.db, { ...window, limit: 1 })).map((d) => d.id)).toEqual([
        'dec_4',
      ]);
      const shadow = await decisionsOfVersion(store.db, {
        loop: 'qualify',
        configVersion: 'v2',
        mode: 'shadow',
        limit: 10,
      });
      expect(shadow.map((d) => d.id)).toEqual(['dec_3']);
    });

    it('gives latency percentiles of live decisions and the hourly series', async () => {
      const { store } = t();
      await insertDecisions(
        store.db,
        Array.from({ length: 20 }, (_, i) =>
          decision(`dec_${String(i).padStart(2, '0')}`, { latencyMs: i + 1 }),
        ),
      );
      const p = await latencyPercentiles(store.db, {
        loop: 'qualify',
        since: '2026-11-24T00:00:00.000Z',
        percentiles: [0.5, 0.95],
      });
      expect(p).toEqual({ count: 20, values: { p50: 10, p95: 19 } });
      await addMetricPoints(store.db, {
        loop: 'qualify',
        at: NOW,
        observations: [{ metric: 'grade', label: 'A', value: 1 }],
      });
      await addMetricPoints(store.db, {
        loop: 'qualify',
        at: '2026-11-24T16:30:00.000Z',
        observations: [
          { metric: 'grade', label: 'A', value: 1 },
          { metric: 'grade', label: 'A', value: 1 },
        ],
      });
      const series = await metricSeries(store.db, { loop: 'qualify', since: '2026-11-24T00:00:00.000Z' });
      expect(series.map((s) => [s.bucket, s.label, s.count])).toEqual([
        ['2026-11-24T15:00:00.000Z', 'A', 1],
        ['2026-11-24T16:00:00.000Z', 'A', 2],
      ]);
    });
  });
});
