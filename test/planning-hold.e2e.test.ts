import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyWorkspace, workspaceCli } from './helpers/cli.js';
import { DIALECTS, storeEnv } from './helpers/dialects.js';

type Change = { op: string; kind: string; id: string };

describe.each(DIALECTS)('deploy holds the plan in force and refuses stale plans on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  let now = new Date('2026-11-26T12:00:00Z');
  const { run, json } = workspaceCli(ws.dir, () => now, env);

  it('imports the team, accounts and pipeline and deploys fy27 before its effective date', async () => {
    for (const [kind, file] of [
      ['user', 'users'],
      ['account', 'accounts'],
      ['opportunity', 'opportunities'],
    ] as const)
      expect((await run('import', kind, join(ws.dir, 'data', `${file}.csv`))).code).toBe(0);
    expect((await run('apply', 'deploy')).code).toBe(0);
  });

  it('before the effective date a new scenario changes no structure and moves no one: it is held', async () => {
    expect((await run('scenario', 'promote', 'fy27-emea-expansion')).code).toBe(0);
    const plan = await json('plan', 'deploy');
    expect(plan.code).toBe(0);
    expect(plan.body.changes as Change[]).toEqual([]);
    const text = await run('plan', 'deploy');
    expect(text.out).toContain('Held (');
    expect(text.out).toContain('- pool territory.emea @ 2027-02-01');
    expect(text.out).toContain('+ pool territory.emea-north @ 2027-02-01');
    expect(text.out).toContain('~ user u-gus territoryId @ 2027-02-01');
  });

  it('on the effective date the held changes are planned, and apply then plan shows none', async () => {
    now = new Date('2027-02-02T12:00:00Z');
    const changes = (await json('plan', 'deploy')).body.changes as Change[];
    expect(changes).toContainEqual(
      expect.objectContaining({ op: 'delete', kind: 'pool', id: 'territory.emea' }),
    );
    expect(changes).toContainEqual(expect.objectContaining({ op: 'update', kind: 'user', id: 'u-gus' }));
    expect((await run('apply', 'deploy')).code).toBe(0);
    expect((await run('plan', 'deploy')).code).toBe(0);
  });

  it('refuses a saved plan when a record it read changed since, naming the record and field', async () => {
    const file = join(ws.dir, 'p1.json');
    const accounts = join(ws.dir, 'data', 'accounts.csv');
    const [header, ...rows] = readFileSync(accounts, 'utf8').split('\n');
    const row = (rows.find((r) => r.startsWith('acc-019,')) ?? '').replace(',1400,', ',400,');
    writeFileSync(join(ws.dir, 'accounts-2.csv'), `${header}\n${row}\n`);
    expect((await run('plan', 'deploy', '-o', file)).code).toBe(0);
    expect((await run('import', 'account', join(ws.dir, 'accounts-2.csv'))).code).toBe(0);
    const refused = await run('apply', 'deploy', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/account acc-019 changed since the plan \([^)]*employees/);
    expect(refused.err).toContain('run plan again');
    expect((await run('plan', 'deploy', '-o', file)).code).toBeLessThan(3);
    expect((await run('apply', 'deploy', file)).code).toBe(0);
  });
});
