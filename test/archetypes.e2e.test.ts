import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capacityModel, dailyCheck, territoryDeploy } from './fixtures/archetype-loops.js';
import { signupLoop } from './fixtures/echo-loop.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

const loops = [signupLoop, dailyCheck, territoryDeploy, capacityModel];

describe.each(DIALECTS)('the four archetypes end to end on %s', (dialect) => {
  const ws = copyWorkspace('test/fixtures/plugin-ws');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  const yaml = (loopsList: string) => `name: archetypes\nloops: [${loopsList}]\nplugins: []\n`;
  writeFileSync(
    join(ws.dir, 'revloops.yaml'),
    yaml('signup-triage, daily-check, territory-deploy, capacity-model'),
  );
  const territories = (extra: string) =>
    `loop: territory-deploy\nterritories:\n  - { id: na, name: North America, pool: [u1, u2] }\n  - { id: na-east, name: NA East, parent: na }\n${extra}`;
  writeFileSync(
    join(ws.dir, 'loops', 'territory-deploy.yaml'),
    territories('  - { id: emea, name: EMEA, pool: [u3] }\n'),
  );
  let now = new Date('2026-01-05T05:00:00Z');
  const clock = () => now;
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], loops, clock, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    return { code: r.code, body: JSON.parse(r.out), err: r.err };
  };

  it('event: an event is decided once, even when sent twice', async () => {
    const payload = '{"email":"kim@acme.com","seats":10}';
    const first = await json('emit', 'signup.created', payload, '--process');
    const second = await json('emit', 'signup.created', payload, '--process');
    expect(first.body.processed.decisions).toBe(1);
    expect(second.body).toMatchObject({ inserted: false, processed: { decisions: 0 } });
  });

  it('scheduled: fires each due tick once and catches up the latest after downtime', async () => {
    expect((await json('worker', '--once')).body.ticks).toBe(0); // first sight: nothing missed
    now = new Date('2026-01-05T06:00:20Z');
    const tick = await json('worker', '--once');
    expect(tick.body).toMatchObject({ ticks: 1, decisions: 1 });
    expect((await json('worker', '--once')).body.ticks).toBe(0); // the same tick never fires twice
    now = new Date('2026-01-09T09:30:00Z'); // four missed ticks; catchUp latest runs one
    expect((await json('worker', '--once')).body).toMatchObject({ ticks: 1, decisions: 1 });
    const decisions = (await json('decisions', 'list', '--loop', 'daily-check')).body;
    expect(decisions.map((d: { output: { scheduledFor: string } }) => d.output.scheduledFor)).toEqual([
      '2026-01-05T06:00:00.000Z',
      '2026-01-09T06:00:00.000Z',
    ]);
    expect(decisions[0].output.openTasks).toBe(1); // the task the event loop created
  });

  it('materialized: plan exits 2, apply, plan again exits 0 with no changes', async () => {
    const plan = await run('plan', 'territory-deploy');
    expect(plan.code).toBe(2);
    expect(plan.out).toContain('+ territory na');
    expect(plan.out).toContain('Plan: 5 to create, 0 to update, 0 to delete.');
    const order = plan.out
      .split('\n')
      .filter((l) => /^ {2}[+~-] /.test(l))
      .map((l) => l.trim());
    expect(order).toEqual([
      '+ territory emea',
      '+ territory na',
      '+ territory na-east',
      '+ pool pool-emea',
      '+ pool pool-na',
    ]);
    const applied = await run('apply', 'territory-deploy');
    expect(applied.out, applied.err).toContain('applied 5 change(s)');
    const again = await run('plan', 'territory-deploy');
    expect(again.code).toBe(0);
    expect(again.out).toContain('no changes');
    expect((await json('apply', 'territory-deploy')).body.applied).toBe(0);
  });

  it('materialized: a saved plan applies exactly, and is refused once its base changed', async () => {
    writeFileSync(
      join(ws.dir, 'loops', 'territory-deploy.yaml'),
      territories('  - { id: emea, name: Europe, pool: [u3, u4] }\n'),
    );
    const planFile = join(ws.dir, 'plan.json');
    const plan = await json('plan', 'territory-deploy', '--out', planFile);
    expect(plan.code).toBe(2);
    expect(plan.body.summary).toEqual({ create: 0, update: 2, delete: 0 });
    expect((await json('apply', 'territory-deploy', planFile)).body.applied).toBe(2);
    expect((await run('apply', 'territory-deploy', planFile)).err).toContain(
      'changed since the plan was made',
    );
    writeFileSync(join(ws.dir, 'loops', 'territory-deploy.yaml'), territories(''));
    const removal = await json('plan', 'territory-deploy');
    expect(removal.body.changes.map((c: { op: string; id: string }) => `${c.op} ${c.id}`)).toEqual([
      'delete pool-emea',
      'delete emea',
    ]);
    await run('apply', 'territory-deploy');
    expect((await run('plan', 'territory-deploy')).code).toBe(0);
  });

  it('modeling: runs scenarios and compares artifacts side by side', async () => {
    mkdirSync(join(ws.dir, 'scenarios'), { recursive: true });
    writeFileSync(join(ws.dir, 'scenarios', 'base.yaml'), 'reps: 10\nrampedShare: 0.8\ntarget: 6000000\n');
    writeFileSync(join(ws.dir, 'scenarios', 'hire.yaml'), 'reps: 12\nrampedShare: 0.75\ntarget: 6000000\n');
    expect((await json('model', 'run', 'capacity-model', '--scenario', 'base')).body.artifact).toEqual({
      capacity: 4_800_000,
      coverage: 0.8,
    });
    await run('model', 'run', 'capacity-model', '--scenario', 'hire');
    const compare = await json('model', 'compare', 'capacity-model', 'base', 'hire');
    expect(compare.body.rows).toEqual([
      { path: 'capacity', a: 4_800_000, b: 5_400_000, delta: 600_000 },
      { path: 'coverage', a: 0.8, b: 0.9, delta: 0.1 },
    ]);
    writeFileSync(join(ws.dir, 'scenarios', 'bad.yaml'), 'reps: 10\nrampedShare: 3\ntarget: 1\n');
    const bad = await run('model', 'run', 'capacity-model', '--scenario', 'bad');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('scenarios/bad.yaml:2:14 rampedShare');
  });

  it('event: a key that already names another event is a conflict, and nothing changes', async () => {
    const key = ['--key', 'signup-7'];
    const first = await json('emit', 'signup.created', '{"email":"ana@acme.com","seats":3}', ...key);
    const again = await json('emit', 'signup.created', '{"email":"ana@acme.com","seats":3}', ...key);
    const other = await run('emit', 'signup.created', '{"email":"bo@acme.com","seats":4}', ...key);
    expect(first.body).toMatchObject({ inserted: true, conflict: false });
    expect(again.body).toMatchObject({ id: first.body.id, inserted: false, conflict: false });
    expect(other.code).not.toBe(0);
    expect(other.err).toContain(`idempotency key signup-7 already names event ${first.body.id}`);
    const events = (await json('events', 'list', '--json')).body as { payload?: unknown }[];
    expect(JSON.stringify(events)).not.toContain('bo@acme.com');
  });

  it('every decision of every archetype replays identically', async () => {
    const r = await json('replay', '--all');
    expect(r.body.checked).toBeGreaterThanOrEqual(15);
    expect(r.body.different).toBe(0);
    // A window or a loop it cannot read is a usage error, not "checked 0".
    const garbage = await run('replay', '--all', '--since', 'garbage');
    expect(garbage.code).not.toBe(0);
    expect(garbage.err).toContain('--since expects a span such as 7d');
    const nope = await run('replay', '--all', '--loop', 'nope');
    expect(nope.code).not.toBe(0);
    expect(nope.err).toContain('no loop nope in this workspace');
    expect((await json('replay', '--all', '--since', '3650d')).body.checked).toBe(r.body.checked);
    expect((await run('decisions', 'list', '--since', 'yesterday')).code).not.toBe(0);
  });
});
