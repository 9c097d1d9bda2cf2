import { expect, it } from 'vitest';
import { failEvent, getEvent, insertEvent } from './ops/events.js';
import { retryEvents } from './ops/retry-events.js';
import { conformance } from './test-stores.js';

const NOW = '2025-03-01T10:00:00.000Z';
const LATER = '2025-03-01T11:00:00.000Z';

conformance('retrying failed and dead events', (t) => {
  async function seed(): Promise<void> {
    const { store } = t();
    for (const id of ['e1', 'e2', 'e3', 'e4']) {
      await insertEvent(store.db, {
        id,
        type: 'lead.created',
        subject: null,
        payload: { id },
        source: 'test',
        occurredAt: NOW,
        idempotencyKey: `k-${id}`,
        parentDecisionId: null,
        rootId: null,
        now: NOW,
      });
    }
    const fail = (id: string, maxAttempts: number) =>
      failEvent(store.db, { id, error: `boom ${id}`, now: NOW, maxAttempts, backoffMs: () => 60_000 });
    await fail('e1', 1);
    await fail('e2', 1);
    await fail('e3', 5);
  }

  it('puts every dead event back to pending, due now, with attempts reset and the error kept', async () => {
    const { store } = t();
    await seed();
    const retried = await store.transaction((trx) => retryEvents(trx, { allDead: true }, LATER));
    expect(retried.map((e) => [e.id, e.status, e.attempts, e.last_error])).toEqual([
      ['e1', 'dead', 1, 'boom e1'],
      ['e2', 'dead', 1, 'boom e2'],
    ]);
    expect(await getEvent(store.db, 'e1')).toMatchObject({
      status: 'pending',
      attempts: 0,
      next_attempt_at: LATER,
      last_error: 'boom e1',
    });
    expect(await getEvent(store.db, 'e3')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('retries named failed or dead events and leaves others alone', async () => {
    const { store } = t();
    await seed();
    const retried = await retryEvents(store.db, { ids: ['e3', 'e4', 'missing'] }, LATER);
    expect(retried.map((e) => e.id)).toEqual(['e3']);
    expect(await getEvent(store.db, 'e3')).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await getEvent(store.db, 'e4')).toMatchObject({ status: 'pending', next_attempt_at: NOW });
    expect(await getEvent(store.db, 'e1')).toMatchObject({ status: 'dead' });
    expect(await retryEvents(store.db, { ids: [] }, LATER)).toEqual([]);
  });
});
