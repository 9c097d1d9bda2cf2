import { describe, expect, it } from 'vitest';
import { ReplayGuard } from './replay-guard.js';

describe('ReplayGuard', () => {
  const t = (seconds: number) => new Date(seconds * 1000);

  it('answers a replay with the first answer while the timestamp is within tolerance', async () => {
    const guard = new ReplayGuard<string>(300);
    let calls = 0;
    const accept = async () => `answer ${++calls}`;
    expect(await guard.remember('1000.abc', 1000, t(1000), accept)).toBe('answer 1');
    expect(await guard.replayOf('1000.abc', t(1200))).toBe('answer 1');
    expect(await guard.replayOf('1000.abc', t(1300))).toBe('answer 1');
    expect(guard.replayOf('1000.abc', t(1301))).toBeUndefined();
    expect(guard.replayOf('1000.other', t(1000))).toBeUndefined();
    expect(calls).toBe(1);
  });

  it('forgets a request whose acceptance failed, so a retry can succeed', async () => {
    const guard = new ReplayGuard<string>(300);
    await expect(
      guard.remember('5.x', 5, t(5), () => Promise.reject(new Error('store down'))),
    ).rejects.toThrow('store down');
    expect(guard.replayOf('5.x', t(6))).toBeUndefined();
  });

  it('stays bounded: expired entries go first, then the oldest half', async () => {
    const guard = new ReplayGuard<number>(10, 4);
    for (let i = 0; i < 4; i++) await guard.remember(`s${i}`, i === 0 ? 0 : 100, t(100), async () => i);
    // s0 expired at 10 s: pruned when the guard is full; the others stay
    await guard.remember('s4', 100, t(100), async () => 4);
    expect(guard.replayOf('s0', t(5))).toBeUndefined();
    expect(await guard.replayOf('s3', t(100))).toBe(3);
    // full of live entries: the oldest half goes
    await guard.remember('s5', 100, t(100), async () => 5);
    expect(guard.replayOf('s1', t(100))).toBeUndefined();
    expect(await guard.replayOf('s5', t(100))).toBe(5);
  });
});
