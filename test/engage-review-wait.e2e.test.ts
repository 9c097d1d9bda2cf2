import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON the CLI printed, read field by field by the assertions
type Json = Record<string, any>;

/**
 * A rep's edit of the wait before an email: a wait that is not a whole number of days is refused
 * before anything changes (the item stays open), and a valid one is deployed and kept in the edits.
 */
describe.each(DIALECTS)('engage: a rep edits the wait between emails, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  const now = new Date('2026-11-02T17:05:00Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.code, `${argv.join(' ')}: ${r.err}`).toBe(0);
    return JSON.parse(r.out);
  };
  let itemId = '';

  it('drafts the worked example with waits of 0, 3 and 4 days', async () => {
    await json('run', '--input', join(ws.dir, 'data/worked-example.jsonl'), '--type', 'lead.created');
    const [item] = (await json('review', 'list', '--mine', '--as', 'u-cara')) as Json[];
    expect(item?.proposedAction.steps.map((s: Json) => s.waitDays)).toEqual([0, 3, 4]);
    itemId = String(item?.id);
  });

  it.each([
    ['-5', '-5'],
    ['ten', '"ten"'],
    ['2.5', '2.5'],
  ])('refuses waitDays=%s and changes nothing', async (value, shown) => {
    const r = await run('review', 'edit', itemId, '--as', 'u-cara', '--set', `steps.1.waitDays=${value}`);
    expect(r.code).not.toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('steps.1.waitDays: expected a whole number ≥ 0');
    expect(r.err).toContain(`got ${shown}`);
    const item = (await json('review', 'show', itemId)).item as Json;
    expect(item.status).toBe('open');
    expect(item.proposedAction.steps[1].waitDays).toBe(3);
    const reviews = ((await json('decisions', 'list', '--loop', 'engage')) as Json[]).filter(
      (d) => d.mode === 'review',
    );
    expect(reviews).toEqual([]);
  });

  it('deploys a valid wait and lists it in the edits', async () => {
    const edited = await json('review', 'edit', itemId, '--as', 'u-cara', '--set', 'steps.1.waitDays=5');
    expect(edited.decision.output).toMatchObject({ outcome: 'approved', edits: 1, criteria: [] });
    expect(edited.decision.reasons).toContain(
      `sequence ${edited.decision.output.sequenceId} approved with 1 wait(s) edited`,
    );
    await json('run');
    const deployed = ((await json('decisions', 'list', '--loop', 'engage')) as Json[]).find(
      (d) => d.output.kind === 'deployed',
    );
    // Tuesday 09:00 in u-cara's Denver, then five working days later, then four.
    expect(deployed?.output.sendTimes).toEqual([
      '2026-11-03T16:00:00.000Z',
      '2026-11-10T16:00:00.000Z',
      '2026-11-16T16:00:00.000Z',
    ]);
    const d = (await json('explain', deployed?.id)).decision as Json;
    expect(d.input.edits).toEqual([
      { path: 'steps.1.waitDays', step: 1, role: 'wait', criterion: null, from: 3, to: 5 },
    ]);
    expect(d.reasons[0]).toBe('u-cara edited 1 wait(s) and approved');
    expect((await json('replay', '--all')).different).toBe(0);
  });
});
