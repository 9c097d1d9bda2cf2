import { type Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from './migrations/index.js';
import { type Db, openStore } from './open-store.js';
import { claimEvents, completeEvent, failEvent, getEvent, insertEvent, type NewEvent } from './ops/events.js';
import type { Database } from './schema.js';
import { conformance } from './test-stores.js';

const MIGRATIONS = Object.keys(migrations).sort();

/** The migrations a store has applied, with when: a re-applied one would show a new time. */
async function applied(db: Kysely<Database>): Promise<{ name: string; timestamp: string }[]> {
  const r = await sql<{
    name: string;
    timestamp: string;
  }>`select name, timestamp from revloops_migrations order by name`.execute(db);
  return r.rows;
}

const T0 = Date.parse('2025-03-01T10:00:00.000Z');

/** The instant `seconds` after T0, as ISO. */
function at(seconds: number): string {
  return new Date(T0 + seconds * 1000).toISOString();
}

/** A promise with its resolve function, to hold a transaction open. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function event(id: string, overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id,
    type: 'lead.created',
    subject: `lead:${id}`,
    payload: { email: `${id}@acme.test`, score: 42, tags: ['a', 'b'], nested: { ok: true, none: null } },
    source: 'test',
    occurredAt: at(0),
    idempotencyKey: `key-${id}`,
    parentDecisionId: null,
    rootId: null,
    now: at(0),
    ...overrides,
  };
}

conformance('migrations and events', (t, dialect) => {
  describe('migrations', () => {
    it('applies every numbered migration and creates the kernel and record tables', async () => {
      const { store } = t();
      expect(MIGRATIONS.slice(0, 2)).toEqual(['0001-kernel', '0002-records']);
      expect((await applied(store.db)).map((r) => r.name)).toEqual(MIGRATIONS);
      const tables = [
        'events',
        'decisions',
        'config_versions',
        'runs',
        'proposals',
        'metrics',
        'rec_lead',
      ] as const;
      for (const table of tables) {
        const r = await store.db
          .selectFrom(table)
          .select(sql<string>`count(*)`.as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(r.n)).toBe(0);
      }
    });

    it('is idempotent: opening the same store again applies nothing and keeps the data', async () => {
      const { store, location } = t();
      await insertEvent(store.db, event('evt_keep'));
      const before = await applied(store.db);
      const again = await openStore(location);
      try {
        expect(await applied(again.db)).toEqual(before);
        expect((await getEvent(again.db, 'evt_keep'))?.idempotency_key).toBe('key-evt_keep');
      } finally {
        await again.close();
      }
    });
  });

  describe('insertEvent', () => {
    it('stores a new event as pending with its payload as JSON', async () => {
      const { store } = t();
      const e = event('evt_1', { parentDecisionId: 'dec_0', rootId: 'root_1' });
      expect(await insertEvent(store.db, e)).toEqual({ id: 'evt_1', inserted: true });
      const row = await getEvent(store.db, 'evt_1');
      expect(row).toMatchObject({
        type: 'lead.created',
        subject: 'lead:evt_1',
        status: 'pending',
        attempts: 0,
        next_attempt_at: at(0),
        lease_until: null,
        claimed_by: null,
        parent_decision_id: 'dec_0',
        root_id: 'root_1',
      });
      expect(JSON.parse(row?.payload ?? 'null')).toEqual(e.payload);
    });

    it('is idempotent by key: the same key again returns the first id and inserts nothing', async () => {
      const { store } = t();
      await insertEvent(store.db, event('evt_1', { idempotencyKey: 'same' }));
      const second = await insertEvent(
        store.db,
        event('evt_2', { idempotencyKey: 'same', payload: { other: 1 } }),
      );
      // The stored event comes back too, so a caller can tell a repeat from another event on the key.
      expect(second).toMatchObject({ id: 'evt_1', inserted: false });
      expect(second.inserted === false && JSON.parse(second.payload)).toMatchObject({ score: 42 });
      expect(await getEvent(store.db, 'evt_2')).toBeUndefined();
      expect(JSON.parse((await getEvent(store.db, 'evt_1'))?.payload ?? 'null')).toMatchObject({ score: 42 });
    });
  });

  describe('claimEvents', () => {
    const claim = (worker: string, now: string, limit = 10, leaseUntil = at(1000)) =>
      claimEvents(t().store.db, dialect, { worker, limit, now, leaseUntil });

    it('claims due pending and failed events, skips not-yet-due, done and dead ones', async () => {
      const { store } = t();
      await insertEvent(store.db, event('evt_a'));
      await insertEvent(store.db, event('evt_b', { now: at(60) }));
      for (const id of ['evt_c', 'evt_d', 'evt_e', 'evt_f']) await insertEvent(store.db, event(id));
      const set = (id: string, status: 'failed' | 'done' | 'dead', next: string) =>
        store.db.updateTable('events').set({ status, next_attempt_at: next }).where('id', '=', id).execute();
      await set('evt_c', 'failed', at(5));
      await set('evt_d', 'failed', at(90));
      await set('evt_e', 'done', at(0));
      await set('evt_f', 'dead', at(0));

      const claimed = await claim('w1', at(10), 10, at(400));
      expect(claimed.map((e) => e.id)).toEqual(['evt_a', 'evt_c']);
      expect(
        claimed.every((e) => e.status === 'claimed' && e.claimed_by === 'w1' && e.lease_until === at(400)),
      ).toBe(true);
      expect(await getEvent(store.db, 'evt_a')).toMatchObject({
        status: 'claimed',
        claimed_by: 'w1',
        lease_until: at(400),
      });
      expect((await getEvent(store.db, 'evt_b'))?.status).toBe('pending');

      expect((await claim('w1', at(100), 10, at(130))).map((e) => e.id)).toEqual(['evt_b', 'evt_d']);
    });

    it('reclaims an event whose lease expired, not one whose lease holds', async () => {
      const { store } = t();
      await insertEvent(store.db, event('evt_1'));
      expect(await claim('w1', at(0), 10, at(30))).toHaveLength(1);
      expect(await claim('w2', at(29))).toEqual([]);
      const reclaimed = await claim('w2', at(31), 10, at(61));
      expect(reclaimed.map((e) => [e.id, e.claimed_by])).toEqual([['evt_1', 'w2']]);
      expect(await completeEvent(store.db, 'evt_1', 'w1', at(32))).toBe(false);
      expect(await completeEvent(store.db, 'evt_1', 'w2', at(32))).toBe(true);
    });

    it('honours the limit and claims in id order', async () => {
      const { store } = t();
      for (const id of ['evt_05', 'evt_02', 'evt_04', 'evt_01', 'evt_03'])
        await insertEvent(store.db, event(id));
      expect((await claim('w1', at(1), 2)).map((e) => e.id)).toEqual(['evt_01', 'evt_02']);
      expect((await claim('w2', at(1), 2)).map((e) => e.id)).toEqual(['evt_03', 'evt_04']);
      expect((await claim('w3', at(1), 2)).map((e) => e.id)).toEqual(['evt_05']);
      expect(await claim('w4', at(1), 2)).toEqual([]);
    });

    it('never hands one event to two workers claiming in parallel transactions', async () => {
      const { store } = t();
      const ids = Array.from({ length: 12 }, (_, i) => `evt_${String(i).padStart(2, '0')}`);
      for (const id of ids) await insertEvent(store.db, event(id));
      const worker = async (name: string): Promise<string[]> => {
        const got: string[] = [];
        for (;;) {
          const batch = await store.transaction((trx) =>
            claimEvents(trx, dialect, { worker: name, limit: 2, now: at(1), leaseUntil: at(100) }),
          );
          if (batch.length === 0) return got;
          got.push(...batch.map((e) => e.id));
        }
      };
      const results = await Promise.all(['w1', 'w2', 'w3', 'w4'].map(worker));
      const all = results.flat();
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(ids);
    });

    it.runIf(dialect === 'postgres')('skips rows locked by an open transaction (SKIP LOCKED)', async () => {
      const { store } = t();
      for (const id of ['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5']) await insertEvent(store.db, event(id));
      const claim = (db: Db, worker: string, limit: number) =>
        claimEvents(db, dialect, { worker, limit, now: at(1), leaseUntil: at(100) });
      const claimed = deferred<string[]>();
      const release = deferred<void>();
      const t1 = store.transaction(async (trx) => {
        claimed.resolve((await claim(trx, 'w1', 2)).map((e) => e.id));
        await release.promise;
      });
      const first = await claimed.promise;
      // t1 is still open and holds its row locks: a claim that waited on them would never end.
      const blocked = new Promise<never>((_, reject) => {
        setTimeout(
          () => reject(new Error('the second claim waited on rows locked by the first')),
          5_000,
        ).unref();
      });
      try {
        const second = await Promise.race([store.transaction((trx) => claim(trx, 'w2', 10)), blocked]);
        expect(first).toEqual(['evt_1', 'evt_2']);
        expect(second.map((e) => e.id)).toEqual(['evt_3', 'evt_4', 'evt_5']);
      } finally {
        release.resolve();
        await t1;
      }
      expect((await getEvent(store.db, 'evt_1'))?.claimed_by).toBe('w1');
      expect((await getEvent(store.db, 'evt_5'))?.claimed_by).toBe('w2');
    });
  });

  describe('completeEvent and failEvent', () => {
    it('completes an event only for the worker holding it', async () => {
      const { store } = t();
      await insertEvent(store.db, event('evt_1'));
      await claimEvents(store.db, dialect, { worker: 'w1', limit: 1, now: at(1), leaseUntil: at(30) });
      expect(await completeEvent(store.db, 'evt_1', 'w2', at(2))).toBe(false);
      expect((await getEvent(store.db, 'evt_1'))?.status).toBe('claimed');
      expect(await completeEvent(store.db, 'evt_1', 'w1', at(3))).toBe(true);
      expect(await getEvent(store.db, 'evt_1')).toMatchObject({
        status: 'done',
        processed_at: at(3),
        lease_until: null,
      });
      expect(await completeEvent(store.db, 'evt_1', 'w1', at(4))).toBe(false);
    });

    it('retries with backoff, then dead-letters after the last attempt', async () => {
      const { store } = t();
      await insertEvent(store.db, event('evt_1'));
      const backoffMs = (attempt: number) => attempt * 10_000;
      const fail = (now: string) =>
        failEvent(store.db, { id: 'evt_1', error: `boom at ${now}`, now, maxAttempts: 3, backoffMs });
      const claim = (now: string) =>
        claimEvents(store.db, dialect, { worker: 'w1', limit: 5, now, leaseUntil: at(500) });

      expect(await claim(at(0))).toHaveLength(1);
      expect(await fail(at(0))).toBe('failed');
      expect(await getEvent(store.db, 'evt_1')).toMatchObject({
        status: 'failed',
        attempts: 1,
        next_attempt_at: at(10),
        last_error: `boom at ${at(0)}`,
        claimed_by: null,
        lease_until: null,
      });
      expect(await claim(at(9))).toEqual([]);
      expect(await claim(at(10))).toHaveLength(1);
      expect(await fail(at(10))).toBe('failed');
      expect((await getEvent(store.db, 'evt_1'))?.next_attempt_at).toBe(at(30));
      expect(await claim(at(30))).toHaveLength(1);
      expect(await fail(at(30))).toBe('dead');
      expect(await getEvent(store.db, 'evt_1')).toMatchObject({
        status: 'dead',
        attempts: 3,
        last_error: `boom at ${at(30)}`,
      });
      expect(await claim(at(10_000))).toEqual([]);
    });
  });
});
