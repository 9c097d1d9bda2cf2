import { describe, expect, it } from 'vitest';
import {
  claimOutbox,
  type Db,
  enqueueOutbox,
  failOutbox,
  getOutbox,
  listOutbox,
  markOutboxDelivered,
  outboxBackoffMs,
  retryDeadOutbox,
} from '../store/index.js';
import { conformance } from '../store/test-stores.js';

const T0 = Date.parse('2025-03-03T09:00:00.000Z');
/** The instant `seconds` after T0, as ISO. */
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

async function seed(db: Db, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    await enqueueOutbox(db, {
      id,
      decisionId: 'dec_1',
      channel: 'in_app',
      recipient: 'rep_1',
      payload: { message: id },
      now: at(0),
    });
  }
}

conformance('outbox delivery', (t, dialect) => {
  const claim = (db: Db, now: string, limit = 10, leaseSeconds = 60) =>
    claimOutbox(db, dialect, {
      limit,
      now,
      leaseUntil: new Date(Date.parse(now) + leaseSeconds * 1000).toISOString(),
    });

  describe('claimOutbox', () => {
    it('leases claimed rows so no one else takes them until the lease ends', async () => {
      const { store } = t();
      await seed(store.db, ['out_1', 'out_2', 'out_3']);
      expect((await store.transaction((trx) => claim(trx, at(0), 2))).map((r) => r.id)).toEqual([
        'out_1',
        'out_2',
      ]);
      expect((await store.transaction((trx) => claim(trx, at(0)))).map((r) => r.id)).toEqual(['out_3']);
      expect(await store.transaction((trx) => claim(trx, at(59)))).toEqual([]);
      // The first worker died mid-send: after the lease the rows run again.
      expect((await store.transaction((trx) => claim(trx, at(60)))).map((r) => r.id)).toEqual([
        'out_1',
        'out_2',
        'out_3',
      ]);
    });

    it('never hands one row to two workers claiming in parallel transactions', async () => {
      const { store } = t();
      const ids = Array.from({ length: 12 }, (_, i) => `out_${String(i).padStart(2, '0')}`);
      await seed(store.db, ids);
      const worker = async (): Promise<string[]> => {
        const got: string[] = [];
        for (;;) {
          const batch = await store.transaction((trx) => claim(trx, at(1), 2));
          if (batch.length === 0) return got;
          got.push(...batch.map((r) => r.id));
        }
      };
      const all = (await Promise.all([worker(), worker(), worker(), worker()])).flat();
      expect(new Set(all).size).toBe(all.length);
      expect([...all].sort()).toEqual(ids);
    });

    it.runIf(dialect === 'postgres')('skips rows locked by an open transaction (SKIP LOCKED)', async () => {
      const { store } = t();
      await seed(store.db, ['out_1', 'out_2', 'out_3']);
      let release: () => void = () => undefined;
      const held = new Promise<void>((r) => {
        release = r;
      });
      let first: string[] = [];
      let claimed: () => void = () => undefined;
      const firstClaimed = new Promise<void>((r) => {
        claimed = r;
      });
      const t1 = store.transaction(async (trx) => {
        first = (await claim(trx, at(1), 2)).map((r) => r.id);
        claimed();
        await held;
      });
      await firstClaimed;
      const timeout = new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error('the second claim waited on locked rows')), 5_000).unref();
      });
      try {
        const second = await Promise.race([store.transaction((trx) => claim(trx, at(1))), timeout]);
        expect(first).toEqual(['out_1', 'out_2']);
        expect(second.map((r) => r.id)).toEqual(['out_3']);
      } finally {
        release();
        await t1;
      }
    });
  });

  describe('delivered, failed, dead, retried', () => {
    it('marks a row delivered once, and never fails or re-claims it afterwards', async () => {
      const { store } = t();
      await seed(store.db, ['out_1', 'out_2']);
      expect(await markOutboxDelivered(store.db, { id: 'out_1', now: at(0) })).toBe(true);
      expect(await markOutboxDelivered(store.db, { id: 'out_1', now: at(1) })).toBe(false);
      expect(
        await failOutbox(store.db, { id: 'out_1', error: 'late', now: at(1), maxAttempts: 3 }),
      ).toBeNull();
      expect(await getOutbox(store.db, 'out_1')).toMatchObject({
        status: 'delivered',
        delivered_at: at(0),
        attempts: 1,
        last_error: null,
      });
      expect((await claim(store.db, at(86_400))).map((r) => r.id)).toEqual(['out_2']);
    });

    it('backs off exponentially up to a cap, then dead-letters after the last attempt', async () => {
      const { store } = t();
      await seed(store.db, ['out_1', 'out_2']);
      expect([1, 2, 3, 4, 8, 20].map((n) => outboxBackoffMs(n))).toEqual([
        30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000,
      ]);
      expect(outboxBackoffMs(3, 1000, 10_000)).toBe(4000);
      const fail = (now: string) => failOutbox(store.db, { id: 'out_1', error: 'boom', now, maxAttempts: 3 });
      expect(await fail(at(0))).toEqual({ status: 'failed', nextAttemptAt: at(30) });
      expect((await claim(store.db, at(29))).map((r) => r.id)).toEqual(['out_2']);
      expect(await fail(at(30))).toEqual({ status: 'failed', nextAttemptAt: at(90) });
      expect(await getOutbox(store.db, 'out_1')).toMatchObject({
        attempts: 2,
        next_attempt_at: at(90),
        last_error: 'boom',
      });
      expect(await fail(at(90))).toMatchObject({ status: 'dead' });
      expect(await fail(at(90))).toBeNull();
      expect(
        await failOutbox(store.db, {
          id: 'out_2',
          error: 'no route',
          now: at(0),
          maxAttempts: 5,
          permanent: true,
        }),
      ).toMatchObject({ status: 'dead' });
      expect(await claim(store.db, at(86_400))).toEqual([]);
    });

    it('brings dead rows back by id or all at once, keeping the last error', async () => {
      const { store } = t();
      await seed(store.db, ['out_1', 'out_2', 'out_3']);
      for (const id of ['out_1', 'out_2']) {
        await failOutbox(store.db, { id, error: 'down', now: at(0), maxAttempts: 1 });
      }
      expect(await retryDeadOutbox(store.db, { now: at(10), ids: [] })).toBe(0);
      expect(await retryDeadOutbox(store.db, { now: at(10), ids: ['out_2', 'out_3'] })).toBe(1);
      expect(await getOutbox(store.db, 'out_2')).toMatchObject({
        status: 'pending',
        attempts: 0,
        next_attempt_at: at(10),
        last_error: 'down',
      });
      expect(await retryDeadOutbox(store.db, { now: at(20) })).toBe(1);
      expect((await listOutbox(store.db, { status: 'dead', limit: 10 })).length).toBe(0);
      expect((await claim(store.db, at(20))).map((r) => r.id)).toEqual(['out_1', 'out_2', 'out_3']);
    });
  });
});
