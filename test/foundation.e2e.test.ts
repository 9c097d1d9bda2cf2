import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { baseMetrics, defineLoop, RevloopsError } from '../src/index.js';
import { signupLoop } from './fixtures/echo-loop.js';
import { cli, copyWorkspace } from './helpers/cli.js';

const ws = copyWorkspace('test/fixtures/plugin-ws');
afterAll(() => ws.cleanup());
// The plug-in folder is dropped: the loop under test is the one this file imports.
writeFileSync(join(ws.dir, 'revloops.yaml'), 'name: foundation-test\nloops: [signup-triage]\nplugins: []\n');
const W = ['--workspace', ws.dir];
const loops = [signupLoop];

describe('a test loop defined in this file, end to end', () => {
  let decisionId = '';

  it('runs on an event and writes one decision', async () => {
    const r = await cli(
      ['emit', 'signup.created', '{"email":"dana@acme.com","seats":9}', '--process', '--json', ...W],
      loops,
    );
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.inserted).toBe(true);
    expect(body.processed.decisions).toBe(1);
    decisionId = body.processed.decisionIds[0];
    expect(decisionId).toMatch(/^dec_/);
  });

  it('does nothing on the same event twice', async () => {
    const r = await cli(
      ['emit', 'signup.created', '{"email":"dana@acme.com","seats":9}', '--process', '--json', ...W],
      loops,
    );
    expect(JSON.parse(r.out)).toMatchObject({ inserted: false, processed: { decisions: 0 } });
  });

  it('explains the decision with its config version and trace', async () => {
    const r = await cli(['explain', decisionId, ...W], loops);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/config {4}[0-9a-f]{12}/);
    expect(r.out).toContain('factor  seats = 9  +45  (9 seats × 5, capped at 60)');
    expect(r.out).toContain('rule    hot: matched, 75 >= threshold 40');
    expect(r.out).toContain('handoff signup.hot');
    const json = JSON.parse((await cli(['explain', decisionId, '--json', ...W], loops)).out);
    expect(json.decision.configVersion).toMatch(/^[0-9a-f]{64}$/);
    expect(json.decision.trace.map((t: { kind: string }) => t.kind)).toEqual([
      'step',
      'factor',
      'factor',
      'rule',
    ]);
    // What it read is kept for replay, shown on request, not in every explanation.
    expect(json.decision).not.toHaveProperty('reads');
    const reads = await cli(['decisions', 'reads', decisionId, ...W], loops);
    expect(reads.code).toBe(0);
    expect(JSON.parse(reads.out)).toEqual([{ key: expect.stringMatching(/^find:lead:/), result: [] }]);
    expect((await cli(['decisions', 'reads', 'dec_nope', ...W], loops)).code).toBe(1);
  });

  it('replays every decision identically', async () => {
    await cli(['emit', 'signup.created', '{"email":"lee@other.io","seats":1}', '--process', ...W], loops);
    const r = await cli(['replay', '--all', '--json', ...W], loops);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ checked: 2, identical: 2, different: 0 });
  });

  it('reports the first differing field when the logic changed', async () => {
    const changed = defineLoop({
      ...signupLoop,
      run: async (ctx, input) => {
        const d = await signupLoop.run(ctx, input);
        return ctx.decide(
          { ...d.output, score: d.output.score + 1 },
          { confidence: 1, reasons: [...d.reasons] },
        );
      },
    });
    const r = await cli(['replay', '--all', '--json', ...W], [changed]);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.out);
    expect(body.different).toBe(2);
    expect(body.differences[0].difference.path).toBe('output.score');
  });

  it('lists decisions and the chain', async () => {
    const list = JSON.parse(
      (await cli(['decisions', 'list', '--loop', 'signup-triage', '--json', ...W], loops)).out,
    );
    expect(list).toHaveLength(2);
    const chain = JSON.parse((await cli(['decisions', 'chain', decisionId, '--json', ...W], loops)).out);
    expect(chain.map((d: { id: string }) => d.id)).toEqual([decisionId]);
  });

  it('keeps every config version and diffs two of them', async () => {
    const file = join(ws.dir, 'loops', 'signup-triage.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('threshold: 40', 'threshold: 70'));
    // Any command that opens the workspace records the version it sees.
    await cli(['run', ...W], loops);
    const after = JSON.parse((await cli(['config', 'history', 'signup-triage', '--json', ...W], loops)).out);
    expect(after).toHaveLength(2);
    expect(after.filter((v: { current: boolean }) => v.current)).toHaveLength(1);
    const diff = JSON.parse(
      (
        await cli(
          [
            'config',
            'diff',
            'signup-triage',
            after[0].version.slice(0, 8),
            after[1].version.slice(0, 8),
            '--json',
            ...W,
          ],
          loops,
        )
      ).out,
    );
    expect(diff.changes).toEqual([{ path: 'threshold', change: 'changed', from: 40, to: 70 }]);
    // Old decisions still replay under the config version they were made with.
    expect(JSON.parse((await cli(['replay', '--all', '--json', ...W], loops)).out).different).toBe(0);
  });

  it('refuses unknown decisions with a precise error and exit 1', async () => {
    const r = await cli(['explain', 'dec_nope', ...W], loops);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error [NOT_FOUND]: no decision dec_nope');
  });
});

describe('defineLoop refuses a loop missing an element', () => {
  const base = {
    name: 'partial',
    version: '1.0.0',
    description: 'x',
    archetypes: ['event'] as const,
    config: z.object({}),
    triggers: [{ kind: 'event' as const, on: 'x.created' }],
    input: z.object({}),
    output: z.object({}),
    outputs: ['decision' as const],
    run: (ctx: { decide: (o: object) => never }) => ctx.decide({}),
  };

  it('without metrics', () => {
    expect(() => defineLoop({ ...base, metrics: [], feedback: [] } as never)).toThrowError(
      /metrics: expected at least one metric/,
    );
  });

  it('without feedback', () => {
    try {
      defineLoop({ ...base, metrics: baseMetrics, feedback: [] } as never);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(RevloopsError);
      expect((err as RevloopsError).code).toBe('LOOP_INVALID');
      expect((err as RevloopsError).issues.map((i) => i.path)).toEqual(['feedback']);
    }
  });
});
