import { expect, it } from 'vitest';
import { getAgentUsage, reserveAgentCall, settleAgentCall } from './ops/agent-usage.js';
import { conformance } from './test-stores.js';

const DAY = '2025-03-01';
const NOW = '2025-03-01T10:00:00.000Z';
const unlimited = { maxCalls: null, maxTokens: null };

conformance('agent usage per loop and day', (t) => {
  it('counts calls, tokens and failures per loop and day', async () => {
    const { store } = t();
    expect(await getAgentUsage(store.db, 'qualify', DAY)).toEqual({
      loop: 'qualify',
      day: DAY,
      calls: 0,
      tokens: 0,
      failures: 0,
    });
    for (const tokens of [120, 80]) {
      const r = await reserveAgentCall(store.db, { loop: 'qualify', day: DAY, now: NOW, ...unlimited });
      expect(r.allowed).toBe(true);
      await settleAgentCall(store.db, { loop: 'qualify', day: DAY, now: NOW, tokens, failed: tokens < 100 });
    }
    await reserveAgentCall(store.db, { loop: 'route', day: DAY, now: NOW, ...unlimited });
    await reserveAgentCall(store.db, { loop: 'qualify', day: '2025-03-02', now: NOW, ...unlimited });
    expect(await getAgentUsage(store.db, 'qualify', DAY)).toEqual({
      loop: 'qualify',
      day: DAY,
      calls: 2,
      tokens: 200,
      failures: 1,
    });
    expect((await getAgentUsage(store.db, 'route', DAY)).calls).toBe(1);
    expect((await getAgentUsage(store.db, 'qualify', '2025-03-02')).calls).toBe(1);
  });

  it('refuses a call past the call limit or once the token limit is reached, without counting it', async () => {
    const { store } = t();
    const reserve = (maxCalls: number | null, maxTokens: number | null) =>
      reserveAgentCall(store.db, { loop: 'qualify', day: DAY, now: NOW, maxCalls, maxTokens });
    expect((await reserve(2, null)).allowed).toBe(true);
    expect((await reserve(2, null)).allowed).toBe(true);
    expect(await reserve(2, null)).toEqual({
      allowed: false,
      usage: { loop: 'qualify', day: DAY, calls: 2, tokens: 0, failures: 0 },
    });
    await settleAgentCall(store.db, { loop: 'qualify', day: DAY, now: NOW, tokens: 500, failed: false });
    expect((await reserve(null, 500)).allowed).toBe(false);
    expect((await reserve(null, 501)).allowed).toBe(true);
    expect((await getAgentUsage(store.db, 'qualify', DAY)).calls).toBe(3);
  });

  it('lets concurrent reservations together take exactly the call limit', async () => {
    const { store } = t();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        reserveAgentCall(store.db, { loop: 'qualify', day: DAY, now: NOW, maxCalls: 5, maxTokens: null }),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect((await getAgentUsage(store.db, 'qualify', DAY)).calls).toBe(5);
  });
});
