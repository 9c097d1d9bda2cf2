import { describe, expect, it } from 'vitest';
import { type Decision, KeptRead } from '../kernel/index.js';
import { getConfigVersion, listConfigVersions, recordConfigVersion } from './ops/config-versions.js';
import {
  chainOf,
  decisionReadsJson,
  findDecisionForEvent,
  getDecision,
  getDecisionView,
  insertDecision,
  listDecisions,
  listDecisionViews,
} from './ops/decisions.js';
import { DEFLATED } from './ops/packed-text.js';
import { conformance } from './test-stores.js';

/** A decision with every field set, JSON of every shape included. */
function decision(id: string, overrides: Partial<Decision> = {}): Decision {
  return {
    id,
    loop: 'qualify',
    loopVersion: '1.2.0',
    configVersion: 'cfg_abcdef123456',
    gitSha: '0123456789abcdef0123456789abcdef01234567',
    mode: 'live',
    subject: 'lead:1',
    eventId: `evt_${id}`,
    eventType: 'lead.created',
    parentIds: ['dec_parent_a', 'dec_parent_b'],
    rootId: 'root_1',
    input: { email: 'ada@acme.test', employees: 1200, revenue: 12.75, tags: ['b2b', 'eu'], fit: null },
    output: {
      grade: 'A',
      score: 0.875,
      flags: { hot: true, spam: false },
      notes: 'Ünïcødé — "quoted" \\ slash',
    },
    effects: [
      {
        kind: 'record_write',
        id: `${id}.1`,
        record: 'lead',
        recordId: '1',
        op: 'patch',
        values: { grade: 'A' },
      },
      { kind: 'handoff', id: `${id}.2`, type: 'lead.qualified', subject: 'lead:1', payload: { grade: 'A' } },
      {
        kind: 'review_item',
        id: `${id}.3`,
        queue: 'qualify-review',
        proposedAction: { grade: 'B' },
        confidence: 0.5,
        reasoning: 'close call',
        slaHours: 4,
      },
    ],
    trace: [
      { kind: 'step', name: 'score' },
      { kind: 'rule', rule: 'min-employees', matched: true, reason: '1200 >= 50', detail: { min: 50 } },
      {
        kind: 'factor',
        factor: 'employees',
        value: 1200,
        contribution: 0.25,
        reason: 'large',
        group: 'firmo',
      },
    ],
    reasons: ['large company', 'EU'],
    confidence: 0.8125,
    reads: [{ key: 'account:acme.test', result: { id: 'acc_1', tier: 2 } }],
    agentAnswers: [
      {
        task: 'classify',
        input: { text: 'hi' },
        answer: { label: 'buyer' },
        confidence: 0.91,
        reasoning: 'asked for pricing',
        provider: 'heuristic',
        model: 'rules-v1',
        latencyMs: 3,
        tokens: 0,
      },
    ],
    now: '2025-03-01T10:00:00.000Z',
    seed: 2_147_483_646,
    latencyMs: 12.5,
    createdAt: '2025-03-01T10:00:00.125Z',
    ...overrides,
  };
}

const ids = (ds: readonly Decision[]): string[] => ds.map((d) => d.id);

conformance('decisions and config versions', (t) => {
  describe('decisions', () => {
    it('round-trips every field exactly', async () => {
      const { store } = t();
      const d = decision('dec_01');
      await insertDecision(store.db, d);
      const back = await getDecision(store.db, 'dec_01');
      expect(back).toStrictEqual(d);
      expect(typeof back?.confidence).toBe('number');
      expect(typeof back?.seed).toBe('number');
    });

    it('writes kept reads as their results and reads them back on first use', async () => {
      const { store } = t();
      const record = { id: 'acc_1', values: { tier: 2 } };
      const kept = new KeptRead('get:account:"acc_1"', record);
      record.values.tier = 3;
      await insertDecision(
        store.db,
        decision('dec_01', { reads: [kept, { key: 'count:lead:{}', result: 4 }] }),
      );
      const back = (await getDecision(store.db, 'dec_01')) as Decision;
      const expected = [
        { key: 'get:account:"acc_1"', result: { id: 'acc_1', values: { tier: 2 } } },
        { key: 'count:lead:{}', result: 4 },
      ];
      expect(JSON.parse(JSON.stringify(back)).reads).toEqual(expected);
      expect({ ...back }.reads).toEqual(expected);
      back.reads = [];
      expect(back.reads).toEqual([]);
      expect((await getDecision(store.db, 'dec_01'))?.reads).toEqual(expected);
    });

    it('keeps reads kept packed packed, each on its own, and gives them back exactly', async () => {
      const { store } = t();
      // Pages of records as a paged pass keeps them: each packed when it was read.
      const pages = [0, 1, 2].map((p) =>
        Array.from({ length: 1_000 }, (_, i) => ({
          id: `opp-${p}-${i}`,
          values: { name: `Deal ${i} — Zürich \u{1F600}`, stage: i % 2 === 0 ? 'Discovery' : 'Proposal' },
        })),
      );
      const reads = [
        ...pages.map((page, p) => new KeptRead(`find:opportunity:{"page":${p}}`, page, DEFLATED)),
        new KeptRead('get:opportunity:"opp-0-1"', pages[0]?.[1], DEFLATED),
        { key: 'count:lead:{}', result: 4 },
      ];
      await insertDecision(store.db, decision('dec_paged', { reads }));
      const stored = await store.db
        .selectFrom('decisions')
        .select('reads')
        .where('id', '=', 'dec_paged')
        .executeTakeFirstOrThrow();
      const text = JSON.stringify(reads);
      // Never one string of every page: each page's bytes as they were packed, the rest as JSON.
      expect(stored.reads.startsWith('[{"key":"find:opportunity:{\\"page\\":0}","packed":"')).toBe(true);
      expect(stored.reads.length).toBeLessThan(text.length / 4);
      const back = (await getDecision(store.db, 'dec_paged')) as Decision;
      expect(back.reads.map((r) => r.key)).toEqual(reads.map((r) => r.key));
      expect(JSON.stringify(back.reads)).toBe(text);
      expect(back.reads[1]?.result).toEqual(pages[1]);
      expect(await decisionReadsJson(store.db, 'dec_paged')).toBe(text);
    });

    it('keeps long reads deflated and gives them back exactly', async () => {
      const { store } = t();
      const records = Array.from({ length: 3_000 }, (_, i) => ({
        id: `opp-${i}`,
        values: { name: `Deal ${i} — Zürich`, stage: i % 2 === 0 ? 'Discovery' : 'Proposal', amount: i },
      }));
      const reads = [
        { key: 'find:opportunity:{}', result: records },
        { key: 'count:lead:{}', result: 4 },
      ];
      await insertDecision(store.db, decision('dec_big', { reads }));
      const text = JSON.stringify(reads);
      const stored = await store.db
        .selectFrom('decisions')
        .select('reads')
        .where('id', '=', 'dec_big')
        .executeTakeFirstOrThrow();
      expect(stored.reads.startsWith('z1:')).toBe(true);
      expect(stored.reads.length).toBeLessThan(text.length / 4);
      expect((await getDecision(store.db, 'dec_big'))?.reads).toEqual(reads);
      expect(await decisionReadsJson(store.db, 'dec_big')).toBe(text);
      expect(await decisionReadsJson(store.db, 'dec_nope')).toBeUndefined();
      // So are a long output and a long list of effects.
      const effects = records.map((r, i) => ({
        kind: 'record_write' as const,
        id: `dec_long.${i}`,
        record: 'opportunity' as const,
        recordId: r.id,
        op: 'patch' as const,
        values: r.values,
      }));
      const long = decision('dec_long', { output: { records }, effects });
      await insertDecision(store.db, long);
      const row = await store.db
        .selectFrom('decisions')
        .select(['output', 'effects', 'input'])
        .where('id', '=', 'dec_long')
        .executeTakeFirstOrThrow();
      expect([row.output.slice(0, 3), row.effects.slice(0, 3), row.input.slice(0, 3)]).toEqual([
        'z1:',
        'z1:',
        '{"e',
      ]);
      expect(await getDecision(store.db, 'dec_long')).toStrictEqual(long);
      // Views leave the reads out.
      expect(await getDecisionView(store.db, 'dec_big')).not.toHaveProperty('reads');
      expect((await listDecisionViews(store.db, { subject: 'lead:1' }))[0]).not.toHaveProperty('reads');
    });

    it('keeps null apart from zero and empty values', async () => {
      const { store } = t();
      const nulls = decision('dec_01', {
        gitSha: null,
        subject: null,
        eventId: null,
        eventType: null,
        confidence: null,
        parentIds: [],
        effects: [],
        trace: [],
        reasons: [],
        reads: [],
        agentAnswers: [],
        output: null,
        seed: 0,
        latencyMs: 0,
      });
      const zero = decision('dec_02', { confidence: 0, input: { n: 0, s: '', a: [], o: {} } });
      await insertDecision(store.db, nulls);
      await insertDecision(store.db, zero);
      expect(await getDecision(store.db, 'dec_01')).toStrictEqual(nulls);
      expect(await getDecision(store.db, 'dec_02')).toStrictEqual(zero);
      expect(await getDecision(store.db, 'dec_missing')).toBeUndefined();
    });

    it('refuses a second decision for the same event and loop', async () => {
      const { store } = t();
      await insertDecision(store.db, decision('dec_01', { eventId: 'evt_1' }));
      await expect(insertDecision(store.db, decision('dec_02', { eventId: 'evt_1' }))).rejects.toThrow();
      await insertDecision(store.db, decision('dec_03', { eventId: 'evt_1', loop: 'route' }));
      await insertDecision(store.db, decision('dec_04', { eventId: null }));
      await insertDecision(store.db, decision('dec_05', { eventId: null }));
      expect(ids(await listDecisions(store.db, {}))).toEqual(['dec_01', 'dec_03', 'dec_04', 'dec_05']);
      expect((await findDecisionForEvent(store.db, 'evt_1', 'route'))?.id).toBe('dec_03');
      expect((await findDecisionForEvent(store.db, 'evt_1', 'qualify'))?.id).toBe('dec_01');
      expect(await findDecisionForEvent(store.db, 'evt_1', 'nurture')).toBeUndefined();
    });

    it('lists decisions by loop, since, subject, mode, afterId and limit, in id order', async () => {
      const { store } = t();
      const rows: [string, string, string, string, Decision['mode']][] = [
        ['dec_05', 'route', 'lead:2', '2025-03-01T12:00:00.000Z', 'live'],
        ['dec_01', 'qualify', 'lead:1', '2025-03-01T09:00:00.000Z', 'live'],
        ['dec_03', 'qualify', 'lead:2', '2025-03-01T11:00:00.000Z', 'simulation'],
        ['dec_02', 'qualify', 'lead:1', '2025-03-01T10:00:00.000Z', 'live'],
        ['dec_04', 'route', 'lead:1', '2025-03-01T11:30:00.000Z', 'live'],
      ];
      for (const [id, loop, subject, createdAt, mode] of rows) {
        await insertDecision(store.db, decision(id, { loop, subject, createdAt, mode }));
      }
      const list = async (q: Parameters<typeof listDecisions>[1]) => ids(await listDecisions(store.db, q));
      expect(await list({})).toEqual(['dec_01', 'dec_02', 'dec_03', 'dec_04', 'dec_05']);
      expect(await list({ loop: 'qualify' })).toEqual(['dec_01', 'dec_02', 'dec_03']);
      expect(await list({ since: '2025-03-01T11:00:00.000Z' })).toEqual(['dec_03', 'dec_04', 'dec_05']);
      expect(await list({ subject: 'lead:1' })).toEqual(['dec_01', 'dec_02', 'dec_04']);
      expect(await list({ mode: 'simulation' })).toEqual(['dec_03']);
      expect(await list({ afterId: 'dec_02' })).toEqual(['dec_03', 'dec_04', 'dec_05']);
      expect(await list({ limit: 2 })).toEqual(['dec_01', 'dec_02']);
      expect(await list({ afterId: 'dec_02', limit: 2 })).toEqual(['dec_03', 'dec_04']);
      expect(await list({ loop: 'qualify', subject: 'lead:1', since: '2025-03-01T09:30:00.000Z' })).toEqual([
        'dec_02',
      ]);
      expect(await list({ loop: 'nurture' })).toEqual([]);
    });

    it('returns a whole chain by its root, in id order', async () => {
      const { store } = t();
      await insertDecision(
        store.db,
        decision('dec_03', { rootId: 'root_a', loop: 'notify', parentIds: ['dec_02'] }),
      );
      await insertDecision(
        store.db,
        decision('dec_01', { rootId: 'root_a', loop: 'qualify', parentIds: [] }),
      );
      await insertDecision(store.db, decision('dec_04', { rootId: 'root_b', parentIds: [] }));
      await insertDecision(
        store.db,
        decision('dec_02', { rootId: 'root_a', loop: 'route', parentIds: ['dec_01'] }),
      );
      const chain = await chainOf(store.db, 'root_a');
      expect(chain.map((d) => [d.id, d.loop, d.parentIds])).toEqual([
        ['dec_01', 'qualify', []],
        ['dec_02', 'route', ['dec_01']],
        ['dec_03', 'notify', ['dec_02']],
      ]);
      expect(ids(await chainOf(store.db, 'root_b'))).toEqual(['dec_04']);
      expect(await chainOf(store.db, 'root_none')).toEqual([]);
    });
  });

  describe('config versions', () => {
    const see = (hash: string, now: string, gitSha: string | null = null, loop = 'qualify') =>
      recordConfigVersion(t().store.db, {
        loop,
        hash,
        gitSha,
        source: 'loops/qualify.yaml',
        content: { grades: { A: { min: 80 } }, enabled: true },
        now,
      });

    it('inserts a version, and on seeing it again keeps first-seen and moves last-seen', async () => {
      const { store } = t();
      await see('aaaaaa111111', '2025-03-01T10:00:00.000Z', null);
      await see('aaaaaa111111', '2025-03-02T10:00:00.000Z', 'sha-2');
      const [v, ...rest] = await listConfigVersions(store.db, 'qualify');
      expect(rest).toEqual([]);
      expect(v).toEqual({
        loop: 'qualify',
        hash: 'aaaaaa111111',
        git_sha: 'sha-2',
        source: 'loops/qualify.yaml',
        content: JSON.stringify({ grades: { A: { min: 80 } }, enabled: true }),
        first_seen_at: '2025-03-01T10:00:00.000Z',
        last_seen_at: '2025-03-02T10:00:00.000Z',
      });
    });

    it('lists a loop’s versions oldest first and finds one by a prefix of its hash', async () => {
      const { store } = t();
      await see('cccccc333333', '2025-03-03T10:00:00.000Z');
      await see('aaaaaa111111', '2025-03-01T10:00:00.000Z');
      await see('aaaaab222222', '2025-03-02T10:00:00.000Z');
      await see('aaaaaa999999', '2025-03-01T10:00:00.000Z', null, 'route');
      const hashes = (await listConfigVersions(store.db, 'qualify')).map((v) => v.hash);
      expect(hashes).toEqual(['aaaaaa111111', 'aaaaab222222', 'cccccc333333']);
      const found = async (prefix: string) =>
        (await getConfigVersion(store.db, 'qualify', prefix)).map((v) => v.hash).sort();
      expect(await found('aaaaab')).toEqual(['aaaaab222222']);
      expect(await found('aaaaaa111111')).toEqual(['aaaaaa111111']);
      expect(await found('aaaaa')).toEqual(['aaaaaa111111', 'aaaaab222222']);
      expect(await found('dddddd')).toEqual([]);
      expect((await getConfigVersion(store.db, 'route', 'aaaaaa')).map((v) => v.hash)).toEqual([
        'aaaaaa999999',
      ]);
    });
  });
});
