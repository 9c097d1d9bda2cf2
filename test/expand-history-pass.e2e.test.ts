import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { keepLoops } from './helpers/workspace-yaml.js';

type Decision = { id: string; subject: string; output: Record<string, unknown> };

describe('expand as of a past date is a history pass', { timeout: 120_000 }, () => {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, ['expand']);
  afterAll(() => ws.cleanup());
  const now = new Date('2025-06-02T12:00:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const live = async () => {
    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    try {
      return {
        outbox: (await store.db.selectFrom('outbox').select('id').execute()).length,
        tasks: (await store.db.selectFrom('rec_task').select('id').execute()).length,
        customers: await store.db.selectFrom('rec_customer').select(['id', 'data']).orderBy('id').execute(),
      };
    } finally {
      await store.close();
    }
  };

  it('scores with the usage known then, opens no play and writes no customer', async () => {
    writeFileSync(
      join(ws.dir, 'customers.csv'),
      [
        'externalId,accountId,ownerId,seatsBought,seatsUsed,renewalDate,nps,openTickets,daysSinceMeeting,daysPastDue',
        'cus-h1,acc-h1,u-dev,50,5,2025-05-01,2,9,80,40',
      ].join('\n'),
    );
    writeFileSync(
      join(ws.dir, 'usage.csv'),
      [
        'externalId,customerId,metric,period,value',
        'cus-h1:au:2025-02,cus-h1,active-users,2025-02,0',
        'cus-h1:au:2025-03,cus-h1,active-users,2025-03,0',
        'cus-h1:au:2025-04,cus-h1,active-users,2025-04,40',
      ].join('\n'),
    );
    expect((await json('import', 'customer', join(ws.dir, 'customers.csv'))).created).toBe(1);
    expect((await run('import', 'usage', join(ws.dir, 'usage.csv'))).code).toBe(0);
    const before = await live();
    expect((await json('run', 'expand', '--as-of', '2025-03-15')).report.dead).toBe(0);
    const made = (await json('decisions', 'list', '--loop', 'expand', '--limit', '1000')) as Decision[];
    const customer = made.find((d) => d.subject === 'customer:cus-h1' && d.output.kind === 'customer');
    expect(customer?.output.history).toBe(true);
    const plays = customer?.output.plays as { play: string; tasks: string[] }[];
    expect(plays.map((p) => p.play)).toContain('risk-intervention');
    expect(plays.every((p) => p.tasks.length === 0)).toBe(true);
    const text = (await run('explain', String(customer?.id))).out;
    expect(text).toContain('history pass as of 2025-03-15');
    // 2025-04 had not started: 0 → 0 over February and March is flat, not unknown.
    expect(text).toMatch(/usage-trend.*\b0\b/);
    const after = await live();
    expect(after.outbox).toBe(0);
    expect(after.tasks).toBe(before.tasks);
    expect(after.customers).toEqual(before.customers);
    expect((await json('replay', '--all')).different).toBe(0);
  });
});
