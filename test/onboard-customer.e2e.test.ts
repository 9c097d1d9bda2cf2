import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { findRecords } from '../src/store/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';
import { DIALECTS, storeEnv, storeLocation } from './helpers/dialects.js';
import { keepLoops } from './helpers/workspace-yaml.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON the CLI printed, read field by field by the assertions
type Json = Record<string, any>;

/**
 * Onboard finds the customer record an account already has: a customer imported from the CRM keeps
 * its own id (C-2 on account acc-009, CSM u-eli), and the won deal starts onboarding on that record,
 * with the CSM's milestones going to the CSM, not to a second customer keyed by the account id.
 */
describe.each(DIALECTS)('onboard: the imported customer record of the account, on %s', (dialect) => {
  const ws = copyWorkspace('examples/acme');
  keepLoops(ws.dir, ['onboard', 'expand']);
  const { env, drop } = storeEnv(dialect);
  afterAll(async () => {
    ws.cleanup();
    await drop();
  });
  const now = new Date('2025-05-20T15:00:00.000Z');
  const run = (...argv: string[]) => cli([...argv, '--workspace', ws.dir], [], () => now, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    expect(r.err).toBe('');
    return JSON.parse(r.out);
  };
  const file = (name: string, text: string) => {
    writeFileSync(join(ws.dir, name), text);
    return join(ws.dir, name);
  };
  const customerRecords = async () => {
    const store = await openStore(storeLocation(ws.dir, env));
    try {
      return (await findRecords(store.db, dialect, 'customer', {})).sort((a, b) => (a.id < b.id ? -1 : 1));
    } finally {
      await store.close();
    }
  };
  const customers = async () =>
    (await customerRecords()).map(
      (c) => `${c.id}|${c.values.accountId}|${c.values.status}|${c.values.ownerId}`,
    );
  const won = async (opportunityId: string) => {
    await json(
      'emit',
      'opportunity.won',
      JSON.stringify({ opportunityId, closedAt: now.toISOString() }),
      '--process',
    );
    return ((await json('decisions', 'list', '--loop', 'onboard')) as Json[])
      .filter((d) => d.output.kind === 'plan')
      .at(-1);
  };

  it('starts onboarding on the imported customer, and the CSM gets the CSM milestones', async () => {
    const map = file(
      'customer-map.yaml',
      'columns:\n  externalId: Customer ID\n  accountId: Account\n  ownerId: CSM\n  status: Status\n',
    );
    const imported = await json(
      'import',
      'customers',
      file('customers.csv', 'Customer ID,Account,CSM,Status\nC-2,acc-009,u-eli,active\n'),
      '--map',
      map,
    );
    expect(imported.created).toBe(1);
    const opp =
      'externalId,name,accountId,amount,stage,closeDate,ownerId,status\nOPP-1006,Kestrel rollout,acc-009,30000,Negotiation,2025-05-20,u-ben,open\n';
    expect((await json('import', 'opportunity', file('opps.csv', opp))).created).toBe(1);
    const plan = await won('OPP-1006');
    expect(plan?.output).toMatchObject({ customerId: 'C-2', plan: 'commercial' });
    expect(plan?.subject).toBe('customer:C-2');
    expect(((plan?.output.tasks ?? []) as Json[]).map((t) => [t.name, t.assignee])).toEqual([
      ['kickoff', 'u-eli'],
      ['technical setup', 'u-eli'],
      ['first value', 'u-eli'],
    ]);
    expect(await customers()).toEqual(['C-2|acc-009|onboarding|u-eli']);
    const explained = (await json('explain', plan?.id)).decision as Json;
    expect((explained.trace as Json[]).find((t) => t.name === 'customer')?.detail).toEqual({
      customerId: 'C-2',
      via: 'the customer record of account acc-009',
    });
    expect((await run('replay', plan?.id)).out).toMatch(/identical/);
  });

  it('takes a milestone sent with the account id to the account’s customer record', async () => {
    await json(
      'emit',
      'onboard.milestone-done',
      '{"customerId":"acc-009","milestone":"kickoff"}',
      '--process',
    );
    const update = ((await json('decisions', 'list', '--loop', 'onboard')) as Json[]).at(-1);
    expect(update?.output).toMatchObject({
      kind: 'update',
      customerId: 'C-2',
      change: 'milestone',
      applied: true,
    });
    expect(await customers()).toEqual(['C-2|acc-009|onboarding|u-eli']);
    const record = (await customerRecords())[0]?.values as Json;
    expect(record.onboarding.milestones[0]).toMatchObject({ name: 'kickoff', doneAt: now.toISOString() });
  });

  it('keeps a usage reading sent with the account id under the account’s customer record', async () => {
    await json(
      'emit',
      'usage.recorded',
      '{"customerId":"acc-009","metric":"active-users","value":7,"period":"2025-05-19"}',
      '--process',
    );
    const update = ((await json('decisions', 'list', '--loop', 'onboard')) as Json[]).at(-1);
    expect(update?.output).toMatchObject({
      kind: 'update',
      customerId: 'C-2',
      change: 'usage',
      applied: true,
    });
    expect(update?.subject).toBe('customer:C-2');
    const store = await openStore(storeLocation(ws.dir, env));
    try {
      const usage = await findRecords(store.db, dialect, 'usage', {});
      expect(usage.map((u) => [u.id, u.values.customerId, u.values.value])).toEqual([
        ['C-2:active-users:2025-05-19', 'C-2', 7],
      ]);
    } finally {
      await store.close();
    }
    expect((await run('replay', update?.id)).out).toMatch(/identical/);
    await json(
      'emit',
      'usage.recorded',
      '{"customerId":"acc-404","metric":"active-users","value":3,"period":"2025-05-19"}',
      '--process',
    );
    const unknown = ((await json('decisions', 'list', '--loop', 'onboard')) as Json[]).at(-1);
    expect(unknown?.output).toMatchObject({
      customerId: 'acc-404',
      change: 'usage',
      applied: true,
      detail: 'active-users = 3 for 2025-05-19 (no customer record acc-404 yet: kept under that id)',
    });
  });

  it('picks the first by id of several customer records of one account, and says so', async () => {
    const rows = 'externalId,accountId,ownerId,status\nC-7,acc-001,u-dev,active\nC-5,acc-001,u-eli,active\n';
    expect((await json('import', 'customer', file('more.csv', rows))).created).toBe(2);
    const opp =
      'externalId,name,accountId,amount,stage,closeDate,ownerId,status\nOPP-1007,Brightline seats,acc-001,20000,Negotiation,2025-05-20,u-ben,open\n';
    expect((await json('import', 'opportunity', file('opps-2.csv', opp))).created).toBe(1);
    const plan = await won('OPP-1007');
    expect(plan?.output).toMatchObject({ customerId: 'C-5' });
    expect(((plan?.output.tasks ?? []) as Json[])[0]?.assignee).toBe('u-eli');
    const explained = (await json('explain', plan?.id)).decision as Json;
    expect((explained.trace as Json[]).find((t) => t.name === 'customer')?.detail.via).toBe(
      'the first by id of 2 customer records of account acc-001 (C-5, C-7)',
    );
    expect((await customers()).filter((c) => c.includes('acc-001'))).toEqual([
      'C-5|acc-001|onboarding|u-eli',
      'C-7|acc-001|active|u-dev',
    ]);
  });
});
