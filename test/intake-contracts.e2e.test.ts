import { afterAll, describe, expect, it } from 'vitest';
import { inputContract } from '../src/index.js';
import { qualifyLoop } from '../src/loops/qualify/loop.js';
import { routeLoop } from '../src/loops/route/loop.js';
import { apiServer } from './helpers/api-workspace.js';
import { cli, copyWorkspace } from './helpers/cli.js';

const NOW = new Date('2026-11-02T14:00:00Z');
const clock = () => NOW;

describe('an event is checked against the contract of its own type before it is stored', () => {
  const ws = copyWorkspace('examples/acme', true);
  afterAll(() => ws.cleanup());
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], clock);
  const events = async () =>
    (JSON.parse((await run('events', 'list', '--json')).out) as { events: unknown[] }).events;

  it('each event type a loop takes has its own contract; other types fall back to the input', () => {
    expect(inputContract(qualifyLoop, 'lead.created').safeParse({ id: 'h1' }).success).toBe(false);
    // The union the loop takes accepts it as an outcome: the old check let it through.
    expect(qualifyLoop.input.safeParse({ id: 'h1' }).success).toBe(true);
    expect(inputContract(qualifyLoop, 'opportunity.won').safeParse({ id: 'h1' }).success).toBe(true);
    expect(inputContract(routeLoop, 'tick.route')).toBe(routeLoop.input);
  });

  it('emit refuses a lead.created without an email, naming the field, and stores nothing', async () => {
    const r = await run('emit', 'lead.created', '{"id":"h1"}');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('not a valid lead.created input of loop qualify');
    expect(r.err).toContain('payload.email');
    expect(await events()).toEqual([]);
  });

  it('emit refuses a payload that is not an object and a type that is not one', async () => {
    const list = await run('emit', 'lead.created', '[1]');
    expect(list.code).not.toBe(0);
    expect(list.err).toContain('the payload must be a JSON object');
    const blank = await run('emit', '', '{}');
    expect(blank.code).not.toBe(0);
    expect(blank.err).toContain('is not an event type');
    expect(await events()).toEqual([]);
  });

  it('emit says when no loop takes the type, and accepts a valid lead', async () => {
    const other = await run('emit', 'totally.unknown', '{"a":1}');
    expect(other.code).toBe(0);
    expect(other.out).toContain('no enabled loop takes totally.unknown');
    const lead = await run('emit', 'lead.created', '{"id":"h2","email":"kim@northwind.io"}', '--process');
    expect(lead.code).toBe(0);
    expect(lead.out).toMatch(/processed \d+ event\(s\): [1-9]\d* decision\(s\), 0 failed, 0 dead/);
  });

  it('POST /v1/events refuses it with the path in the body, before anything is stored', async () => {
    const server = await apiServer(ws.dir, {}, clock);
    try {
      const token = await server.token('ops', 'u-ops');
      const before = (await events()).length;
      const res = await server.app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: { type: 'lead.created', payload: { id: 'h3' } },
      });
      expect(res.statusCode).toBe(422);
      const body = res.json() as { error: { code: string; issues: { path: string }[] } };
      expect(body.error.code).toBe('CONTRACT_VIOLATION');
      expect(body.error.issues.map((i) => i.path)).toContain('body.payload.email');
      expect((await events()).length).toBe(before);
    } finally {
      await server.close();
    }
  });
});
