import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { eachPage, type JsonObject, type RecordFilter, type RecordKind } from '../kernel/index.js';
import { openStore, type Store } from './open-store.js';
import {
  applyRecordWrites,
  countRecords,
  eachRecordValues,
  findRecords,
  getRecord,
  getRecordByExternalId,
  type RecordWriteOp,
  writeRecord,
} from './ops/records.js';
import { conformance } from './test-stores.js';

/** Resolves once another session of the database waits on a lock (PostgreSQL). */
async function waitForLockWait(store: Store): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await sql<{ n: string }>`
      select count(*) as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`.execute(store.db);
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the second writer never waited on the first');
}

const NOW = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-01T11:00:00.000Z';

/** Leads whose non-indexed fields cover every JSON type, plus look-alikes of other types. */
const LEADS: Record<string, JsonObject> = {
  l1: {
    email: 'ada@acme.test',
    domain: 'acme.test',
    ownerId: 'u1',
    source: 'web',
    employees: 1200,
    score: 0.5,
    vip: true,
    churned: null,
    address: { city: 'Paris', geo: { zip: '75001' } },
    scores: { fit: 80 },
    routedOn: '2025-03-01',
  },
  l2: {
    email: 'bob@acme.test',
    domain: 'acme.test',
    ownerId: 'u2',
    source: 'event',
    employees: 50,
    score: 1.5,
    vip: false,
    churned: false,
    address: { city: 'Berlin', geo: { zip: '10115' } },
    scores: { fit: 60 },
    routedOn: '2025-03-02',
  },
  l3: {
    email: 'cy@other.test',
    domain: 'other.test',
    ownerId: null,
    source: 'web',
    employees: '1200',
    score: 2,
    vip: 1,
    address: { city: 'Paris' },
    scores: { fit: '80' },
    routedOn: 20250301,
  },
  l4: {
    email: 'di@other.test',
    domain: 'other.test',
    source: 'true',
    employees: 7,
    vip: 'true',
    churned: 0,
    address: { city: 'paris' },
  },
};

/** Every filter and the leads it must match, the same on every dialect. */
const CASES: [string, RecordFilter, string[]][] = [
  ['indexed string', { domain: 'acme.test' }, ['l1', 'l2']],
  ['indexed string, two keys', { domain: 'other.test', email: 'cy@other.test' }, ['l3']],
  ['indexed null (explicit or missing)', { ownerId: null }, ['l3', 'l4']],
  ['indexed and JSON together', { domain: 'acme.test', source: 'web' }, ['l1']],
  ['JSON string', { source: 'web' }, ['l1', 'l3']],
  ['JSON string looking like a boolean', { source: 'true' }, ['l4']],
  ['JSON integer, not its string twin', { employees: 1200 }, ['l1']],
  ['JSON string, not its number twin', { employees: '1200' }, ['l3']],
  ['JSON float', { score: 1.5 }, ['l2']],
  ['JSON integer written as a float', { score: 2.0 }, ['l3']],
  ['JSON true, not 1 or "true"', { vip: true }, ['l1']],
  ['JSON false, not 0 or null', { vip: false }, ['l2']],
  ['JSON number 1, not true', { vip: 1 }, ['l3']],
  ['JSON false field', { churned: false }, ['l2']],
  ['JSON null (explicit or missing)', { churned: null }, ['l1', 'l3']],
  ['nested dotted path', { 'address.city': 'Paris' }, ['l1', 'l3']],
  ['deeper dotted path', { 'address.geo.zip': '10115' }, ['l2']],
  ['nested number', { 'scores.fit': 80 }, ['l1']],
  ['nested missing as null', { 'address.geo.zip': null }, ['l3', 'l4']],
  ['column derived from the data (routedOn)', { routedOn: '2025-03-01' }, ['l1']],
  ['derived column with the indexed owner', { ownerId: 'u2', routedOn: '2025-03-02' }, ['l2']],
  ['derived column, a string not its number twin', { routedOn: '20250301' }, []],
  ['derived column, a number not its string twin', { routedOn: 20250301 }, ['l3']],
  ['derived column null (missing)', { routedOn: null }, ['l4']],
  ['no match', { source: 'phone' }, []],
  ['empty filter', {}, ['l1', 'l2', 'l3', 'l4']],
];

conformance('records of work', (t, dialect) => {
  const write = (
    kind: RecordKind,
    id: string,
    values: JsonObject,
    op: 'upsert' | 'patch',
    extra: { externalId?: string | null; now?: string } = {},
  ) => writeRecord(t().store.db, { kind, id, values, op, now: extra.now ?? NOW, ...extra });

  describe('writeRecord', () => {
    it('creates a record at version 1 with no before', async () => {
      const { store } = t();
      const r = await write('account', 'acc_1', { name: 'Acme', domain: 'acme.test', size: 3 }, 'upsert');
      expect(r).toEqual({ before: null, after: { name: 'Acme', domain: 'acme.test', size: 3 }, version: 1 });
      expect(await getRecord(store.db, 'account', 'acc_1')).toEqual({
        id: 'acc_1',
        externalId: null,
        values: { name: 'Acme', domain: 'acme.test', size: 3 },
        version: 1,
        updatedAt: NOW,
      });
      expect(await getRecord(store.db, 'account', 'acc_2')).toBeNull();
      expect(await getRecord(store.db, 'contact', 'acc_1')).toBeNull();
    });

    it('patch merges into the stored fields, upsert replaces them, each bumping the version', async () => {
      const { store } = t();
      await write('account', 'acc_1', { name: 'Acme', domain: 'acme.test', size: 3 }, 'upsert');
      const patched = await write('account', 'acc_1', { size: 4, tier: 'gold' }, 'patch', { now: LATER });
      expect(patched).toEqual({
        before: { name: 'Acme', domain: 'acme.test', size: 3 },
        after: { name: 'Acme', domain: 'acme.test', size: 4, tier: 'gold' },
        version: 2,
      });
      const replaced = await write('account', 'acc_1', { name: 'Acme Corp' }, 'upsert');
      expect(replaced).toEqual({ before: patched.after, after: { name: 'Acme Corp' }, version: 3 });
      expect(await getRecord(store.db, 'account', 'acc_1')).toMatchObject({
        values: { name: 'Acme Corp' },
        version: 3,
        updatedAt: NOW,
      });
    });

    it('patch on a missing record creates it', async () => {
      const { store } = t();
      expect(await write('task', 'task_1', { title: 'Call', status: 'open' }, 'patch')).toEqual({
        before: null,
        after: { title: 'Call', status: 'open' },
        version: 1,
      });
      expect((await getRecord(store.db, 'task', 'task_1'))?.values).toEqual({
        title: 'Call',
        status: 'open',
      });
    });

    it('sets, keeps and clears the external id, and finds a record by it', async () => {
      const { store } = t();
      await write('opportunity', 'opp_1', { stage: 'new' }, 'upsert', { externalId: 'sf-006' });
      await write('opportunity', 'opp_1', { stage: 'won' }, 'patch');
      expect(await getRecordByExternalId(store.db, 'opportunity', 'sf-006')).toMatchObject({
        id: 'opp_1',
        externalId: 'sf-006',
        values: { stage: 'won' },
        version: 2,
      });
      expect(await getRecordByExternalId(store.db, 'opportunity', 'sf-999')).toBeNull();
      expect(await getRecordByExternalId(store.db, 'account', 'sf-006')).toBeNull();
      await write('opportunity', 'opp_1', { stage: 'lost' }, 'patch', { externalId: null });
      expect(await getRecordByExternalId(store.db, 'opportunity', 'sf-006')).toBeNull();
      expect((await getRecord(store.db, 'opportunity', 'opp_1'))?.externalId).toBeNull();
    });

    it('refuses a second record with the same external id', async () => {
      await write('account', 'acc_1', { name: 'A' }, 'upsert', { externalId: 'crm-1' });
      await expect(
        write('account', 'acc_2', { name: 'B' }, 'upsert', { externalId: 'crm-1' }),
      ).rejects.toThrow();
    });

    it('two writers creating one record at once: both writes count, neither patch is lost', async () => {
      const { store, location } = t();
      // A second connection pool, as a second worker process has.
      const other = await openStore(location);
      try {
        const writes = (values: JsonObject): RecordWriteOp[] => [
          { kind: 'lead', id: 'new_1', op: 'patch', values },
          { kind: 'lead', id: 'new_1', op: 'patch', values: { touched: Object.keys(values)[0] ?? '' } },
        ];
        let release = () => {};
        const held = new Promise<void>((resolve) => {
          release = resolve;
        });
        let wrote = () => {};
        const firstWrote = new Promise<void>((resolve) => {
          wrote = resolve;
        });
        // The first writer creates the record and holds its transaction open.
        const first = store.transaction(async (trx) => {
          await applyRecordWrites(trx, writes({ email: 'ada@acme.test' }), NOW);
          wrote();
          await held;
        });
        await firstWrote;
        // The second finds no record to lock and inserts; on PostgreSQL that insert waits for
        // the first writer, on SQLite the second transaction waits for the first to end.
        const second = other.transaction((trx) => applyRecordWrites(trx, writes({ ownerId: 'u9' }), LATER));
        if (dialect === 'postgres') await waitForLockWait(store);
        release();
        await Promise.all([first, second]);
        expect(await getRecord(store.db, 'lead', 'new_1')).toEqual({
          id: 'new_1',
          externalId: null,
          values: { email: 'ada@acme.test', ownerId: 'u9', touched: 'ownerId' },
          version: 4,
          updatedAt: LATER,
        });
      } finally {
        await other.close();
      }
    });
  });

  describe('eachRecordValues', () => {
    /** The fields eachRecordValues hands over, by id; none may come twice. */
    const getRecords = async (kind: RecordKind, ids: readonly string[]) => {
      const out = new Map<string, JsonObject>();
      await eachRecordValues(t().store.db, kind, new Set(ids), (id, values) => {
        expect(out.has(id), `${id} twice`).toBe(false);
        out.set(id, values);
      });
      return out;
    };

    it('reads many records by id, across statements or in one pass, and leaves out the missing', async () => {
      const { store } = t();
      const ids = Array.from({ length: 1_203 }, (_, i) => `acc_${String(i).padStart(4, '0')}`);
      await applyRecordWrites(
        store.db,
        ids.map((id, i) => ({ kind: 'account', id, op: 'upsert', values: { n: i } })),
        NOW,
      );
      const asked = [...ids.filter((_, i) => i % 3 !== 0), 'acc_missing', ids[1] as string].reverse();
      const found = await getRecords('account', asked);
      expect(found.size).toBe(ids.filter((_, i) => i % 3 !== 0).length);
      for (const [i, id] of ids.entries()) {
        if (i % 3 === 0) expect(found.has(id)).toBe(false);
        else expect(found.get(id)).toEqual((await getRecord(store.db, 'account', id))?.values);
      }
      // Asking for most of a large kind: SQLite reads the table once instead.
      const many = Array.from({ length: 12_000 }, (_, i) => `big_${String(i).padStart(5, '0')}`);
      for (let i = 0; i < many.length; i += 2_000)
        await applyRecordWrites(
          store.db,
          many
            .slice(i, i + 2_000)
            .map((id) => ({ kind: 'lead', id, op: 'upsert', values: { email: `${id}@x.test` } })),
          NOW,
        );
      const most = await getRecords('lead', [...many.slice(1), 'big_missing']);
      expect(most.size).toBe(many.length - 1);
      expect(most.has(many[0] as string)).toBe(false);
      expect(most.get('big_11999')).toEqual((await getRecord(store.db, 'lead', 'big_11999'))?.values);
      expect((await getRecords('account', [])).size).toBe(0);
      expect((await getRecords('lead', ids.slice(0, 3))).size).toBe(0);
    });
  });

  describe('findRecords and countRecords', () => {
    const seed = async () => {
      for (const id of ['l3', 'l1', 'l4', 'l2']) await write('lead', id, LEADS[id] ?? {}, 'upsert');
    };

    it.each(CASES)(`finds by %s (${dialect})`, async (_name, filter, expected) => {
      const { store } = t();
      await seed();
      const found = await findRecords(store.db, dialect, 'lead', filter);
      expect(found.map((r) => r.id)).toEqual(expected);
      expect(found.map((r) => r.values)).toEqual(expected.map((id) => LEADS[id]));
      expect(await countRecords(store.db, dialect, 'lead', filter)).toBe(expected.length);
    });

    it('reads a page after an id, and every page in turn gives every record once', async () => {
      const { store } = t();
      await seed();
      const page = async (after: string | undefined) =>
        (await findRecords(store.db, dialect, 'lead', {}, 2, after)).map((r) => r.id);
      expect(await page(undefined)).toEqual(['l1', 'l2']);
      expect(await page('l2')).toEqual(['l3', 'l4']);
      expect(await page('l4')).toEqual([]);
      const seen: string[] = [];
      const reader = {
        get: async () => null,
        count: async () => 0,
        find: (kind: RecordKind, filter: RecordFilter, options?: { limit?: number; after?: string }) =>
          findRecords(store.db, dialect, kind, filter, options?.limit, options?.after),
      };
      const total = await eachPage(reader, 'lead', { source: 'web' }, 1, (p) => {
        seen.push(...p.map((r) => r.id));
      });
      const web = (await findRecords(store.db, dialect, 'lead', { source: 'web' })).map((r) => r.id);
      expect(seen).toEqual(web);
      expect(total).toBe(web.length);
    });

    it('honours the limit, in id order', async () => {
      const { store } = t();
      await seed();
      const found = await findRecords(store.db, dialect, 'lead', { source: 'web' }, 1);
      expect(found.map((r) => r.id)).toEqual(['l1']);
      expect((await findRecords(store.db, dialect, 'lead', {}, 3)).map((r) => r.id)).toEqual([
        'l1',
        'l2',
        'l3',
      ]);
    });

    it('moves the indexed key columns when a write changes the fields', async () => {
      const { store } = t();
      await seed();
      await write('lead', 'l1', { email: 'ada@new.test', ownerId: 'u9' }, 'patch');
      await write('lead', 'l2', { source: 'web' }, 'upsert');
      const ids = async (filter: RecordFilter) =>
        (await findRecords(store.db, dialect, 'lead', filter)).map((r) => r.id);
      expect(await ids({ email: 'ada@acme.test' })).toEqual([]);
      expect(await ids({ email: 'ada@new.test' })).toEqual(['l1']);
      expect(await ids({ ownerId: 'u9', domain: 'acme.test' })).toEqual(['l1']);
      expect(await ids({ domain: 'acme.test' })).toEqual(['l1']);
      expect(await ids({ ownerId: null })).toEqual(['l2', 'l3', 'l4']);
      expect(await countRecords(store.db, dialect, 'lead', { source: 'web' })).toBe(3);
    });
  });
});
