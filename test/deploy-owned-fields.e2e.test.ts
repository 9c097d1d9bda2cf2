import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { getRecord } from '../src/store/index.js';
import { copyWorkspace, workspaceCli } from './helpers/cli.js';
import { DIALECTS, storeEnv, storeLocation } from './helpers/dialects.js';

type Change = { op: string; kind: string; id: string; fields: string[] };

describe.each(DIALECTS)('deploy changes only the fields it owns on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  let now = new Date('2026-11-26T12:00:00Z');
  const { run, json } = workspaceCli(ws.dir, () => now, env);
  const changes = async () => (await json('plan', 'deploy')).body.changes as Change[];
  const record = async (kind: 'user' | 'account', id: string) => {
    const store = await openStore(storeLocation(ws.dir, env));
    try {
      return (await getRecord(store.db, kind, id))?.values ?? null;
    } finally {
      await store.close();
    }
  };
  const scenarioFile = join(ws.dir, 'scenarios', 'fy27', 'scenario.yaml');

  it('lays down fy27, then route records each quota carrier’s ramp, the planned hire’s too', async () => {
    for (const [kind, file] of [
      ['user', 'users'],
      ['account', 'accounts'],
      ['opportunity', 'opportunities'],
    ] as const)
      expect((await run('import', kind, join(ws.dir, 'data', `${file}.csv`))).code).toBe(0);
    expect((await run('apply', 'deploy')).code).toBe(0);
    expect(await record('user', 'hire-ent-1')).toMatchObject({ status: 'planned', managedBy: 'deploy' });
    // Promoting and promoting back hands design's ramp to route twice; fy27 stays the plan.
    await json('scenario', 'promote', 'fy27-emea-expansion');
    const back = (await json('scenario', 'promote', 'fy27')).body;
    expect(back).toMatchObject({ previous: 'fy27-emea-expansion', changed: true });
    const route = (await json('explain', back.decisions[1])).body.decision;
    expect(route.output).toMatchObject({ kind: 'capacity', scenario: 'fy27' });
    expect(route.output.updated).toEqual(expect.arrayContaining(['hire-ent-1', 'u-fay']));
    expect((await record('user', 'hire-ent-1'))?.plannedCapacity).toMatchObject({ scenario: 'fy27' });
  });

  it('before the effective date the plan holds nothing for a field route wrote', async () => {
    const plan = await run('plan', 'deploy');
    expect(plan.code).toBe(0);
    expect(plan.out).toContain('no changes');
    expect(plan.out).not.toContain('plannedCapacity');
    expect(plan.out).not.toContain('Held (');
  });

  it('on the effective date the plan changes no field it does not own; apply keeps them', async () => {
    now = new Date('2027-02-02T12:00:00Z');
    const plan = await changes();
    expect(plan.some((c) => c.kind === 'account')).toBe(true); // the scheduled assignments
    expect(plan.filter((c) => c.kind === 'user' && c.id === 'hire-ent-1')).toEqual([]);
    expect(plan.filter((c) => c.fields.includes('plannedCapacity'))).toEqual([]);
    expect((await json('apply', 'deploy')).body.applied).toBe(plan.length);
    expect((await record('user', 'hire-ent-1'))?.plannedCapacity).toMatchObject({ scenario: 'fy27' });
    expect((await record('user', 'u-fay'))?.plannedCapacity).toMatchObject({ scenario: 'fy27' });
    const again = await run('plan', 'deploy');
    expect(again.code).toBe(0);
    expect(again.out).toContain('no changes');
  });

  it('a change of its own fields on those records writes only them', async () => {
    // An import writes a field of its own on an account deploy assigns.
    const extra = join(ws.dir, 'health.csv');
    writeFileSync(extra, 'externalId,healthNote\nacc-015,renewal risk\n');
    expect((await run('import', 'account', extra)).code).toBe(0);
    expect((await run('plan', 'deploy')).code).toBe(0);
    // The planned hire starts a month later, and acc-015 moves to NA Enterprise.
    writeFileSync(
      scenarioFile,
      readFileSync(scenarioFile, 'utf8').replace('start: 2027-05-01', 'start: 2027-06-01'),
    );
    writeFileSync(
      join(ws.dir, 'loops', 'deploy.yaml'),
      'loop: deploy\nmanage:\n  moves: [{ accounts: [acc-015], territory: na-enterprise }]\n',
    );
    const plan = await changes();
    expect(plan.find((c) => c.id === 'hire-ent-1')).toMatchObject({ op: 'update', fields: ['startDate'] });
    expect(plan.find((c) => c.id === 'acc-015')?.fields).not.toContain('healthNote');
    expect(plan.filter((c) => c.fields.includes('plannedCapacity'))).toEqual([]);
    expect((await run('apply', 'deploy')).code).toBe(0);
    expect(await record('user', 'hire-ent-1')).toMatchObject({
      startDate: '2027-06-01',
      plannedCapacity: { scenario: 'fy27' },
    });
    expect(await record('account', 'acc-015')).toMatchObject({
      territoryId: 'na-enterprise',
      healthNote: 'renewal risk',
    });
    const again = await run('plan', 'deploy');
    expect(again.code).toBe(0);
    expect(again.out).toContain('no changes');
  });

  it('every decision replays identically', async () => {
    expect((await json('replay', '--all')).body.different).toBe(0);
  });
});
