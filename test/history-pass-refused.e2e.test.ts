import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';

/**
 * `run <loop> --as-of <past>` is a history pass: decisions only. A loop whose scheduled pass cannot
 * hold back what it does (onboard's nudges, route's SLA escalations, deploy's rebalancing) refuses
 * it, instead of acting on today's people and records as if it were then.
 */
describe('run --as-of a past instant', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());
  const now = new Date('2026-11-27T12:00:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now);

  it('is refused by a loop whose pass acts, and nothing is queued', async () => {
    for (const loop of ['onboard', 'route']) {
      const r = await run('run', loop, '--as-of', '2026-06-30');
      expect(r.code, loop).not.toBe(0);
      expect(r.err).toContain(
        `${loop} cannot run as of a past instant (2026-06-30T00:00:00.000Z): its pass acts on today's records and people; run it without --as-of`,
      );
    }
    const events = await run('events', 'list', '--json');
    expect(events.code).toBe(0);
    const types = (JSON.parse(events.out).events as { type: string }[]).map((e) => e.type);
    expect(types.filter((t) => t === 'tick.onboard' || t === 'tick.route')).toEqual([]);
  });

  it('runs for a loop that holds back what it does, and now or later for any scheduled loop', async () => {
    expect((await run('run', 'pursue', '--as-of', '2026-06-30')).code).toBe(0);
    expect((await run('run', 'onboard', '--as-of', '2026-12-01')).code).toBe(0);
  });
});
