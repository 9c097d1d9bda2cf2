import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleData } from '../../sample-data/index.js';
import {
  findRecords,
  getRecord,
  getRecordByExternalId,
  openStore,
  type Store,
  writeRecord,
} from '../../store/index.js';
import { importRecords } from './import-records.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-import-'));
let store: Store;
beforeAll(async () => {
  store = await openStore({ kind: 'sqlite', path: join(dir, 'test.db') });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const now = '2025-03-01T00:00:00.000Z';
function file(name: string, content: string): string {
  writeFileSync(join(dir, name), content);
  return join(dir, name);
}

describe('importRecords', () => {
  it('re-imports its own export without a mapping, typed by the record schema', async () => {
    const path = file(
      'users.csv',
      'externalId,email,name,capacity,active,workingHours\n' +
        'u1,ana@x.io,Ana,12,true,"{""start"":""09:00"",""end"":""17:00""}"\n' +
        'u2,bo@x.io,Bo,8.5,false,\n',
    );
    const first = await importRecords(store, 'user', path, { now });
    expect(first).toMatchObject({ read: 2, created: 2, updated: 0, unchanged: 0, rejected: [] });
    expect((await getRecordByExternalId(store.db, 'user', 'u1'))?.values).toEqual({
      email: 'ana@x.io',
      name: 'Ana',
      capacity: 12,
      active: true,
      workingHours: { start: '09:00', end: '17:00' },
    });
    expect(await importRecords(store, 'user', path, { now })).toMatchObject({ unchanged: 2, created: 0 });
  });

  it('keeps fields a loop wrote when a row updates a record', async () => {
    const path = file('teams.csv', 'externalId,name\nt1,Alpha\n');
    await importRecords(store, 'team', path, { now });
    const team = await getRecordByExternalId(store.db, 'team', 't1');
    await writeRecord(store.db, {
      kind: 'team',
      id: team?.id ?? '',
      values: { managerId: 'u1' },
      op: 'patch',
      now,
    });
    const renamed = file('teams-2.csv', 'externalId,name\nt1,Alpha Team\n');
    expect(await importRecords(store, 'team', renamed, { now })).toMatchObject({ updated: 1 });
    expect((await getRecordByExternalId(store.db, 'team', 't1'))?.values).toEqual({
      name: 'Alpha Team',
      managerId: 'u1',
    });
  });

  it('makes safe ids from external ids and never takes another record id', async () => {
    await writeRecord(store.db, {
      kind: 'territory',
      id: 'a-b',
      values: { name: 'Taken' },
      op: 'upsert',
      now,
    });
    const path = file(
      'territories.jsonl',
      '{"externalId":"a/b","name":"North"}\n{"externalId":"a b","name":"South"}\n',
    );
    expect(await importRecords(store, 'territory', path, { now })).toMatchObject({ created: 2 });
    const north = await getRecordByExternalId(store.db, 'territory', 'a/b');
    const south = await getRecordByExternalId(store.db, 'territory', 'a b');
    expect(north?.id).toMatch(/^a-b-[0-9a-f]{8}$/);
    expect(south?.id).toMatch(/^a-b-[0-9a-f]{8}$/);
    expect(north?.id).not.toBe(south?.id);
    expect((await getRecord(store.db, 'territory', 'a-b'))?.values).toEqual({ name: 'Taken' });
  });

  it('rejects rows failing the schema or lacking an external id, and refuses tasks', async () => {
    const path = file('opps.jsonl', '{"externalId":"o1","name":"Big","status":"maybe"}\n{"name":"No id"}\n');
    const r = await importRecords(store, 'opportunity', path, { now });
    expect(r.rejected).toEqual([
      {
        row: 1,
        field: 'status',
        column: 'status',
        reason: 'column "status": "maybe" is invalid: expected one of "open"|"won"|"lost"',
      },
      {
        row: 2,
        field: 'externalId',
        column: 'externalId',
        reason: 'column "externalId": a value is required',
      },
    ]);
    await expect(importRecords(store, 'task', path, { now })).rejects.toThrow('cannot import task records');
  });

  it('rejects a later row repeating an external id, keeps the first, and re-imports unchanged', async () => {
    const path = file(
      'pipeline.csv',
      'externalId,name,closeDate\nOPP-1,One,2026-01-10\nOPP-3,Three,2026-01-12\nOPP-2,Two,2026-01-11\n' +
        'OPP-3,Three renamed,2026-02-20\n',
    );
    const first = await importRecords(store, 'opportunity', path, { now, batchSize: 2 });
    expect(first).toMatchObject({ read: 4, created: 3, updated: 0, unchanged: 0 });
    expect(first.rejected).toEqual([
      {
        row: 5,
        field: 'externalId',
        column: 'externalId',
        reason:
          'column "externalId": "OPP-3" is also on row 3: a file holds one row per external id, and the first is imported',
      },
    ]);
    const kept = await getRecordByExternalId(store.db, 'opportunity', 'OPP-3');
    expect(kept).toMatchObject({ version: 1, values: { name: 'Three', closeDate: '2026-01-12' } });
    const again = await importRecords(store, 'opportunity', path, { now });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: [{ row: 5 }] });
    expect((await getRecordByExternalId(store.db, 'opportunity', 'OPP-3'))?.version).toBe(1);
  });

  it('names the mapped column of a repeated external id and of a schema rejection', async () => {
    const path = file(
      'crm.csv',
      'Opportunity ID,Name,Stage\nX-1,One,open\nX-2,Two,Closed Won\nX-1,Again,open\n',
    );
    const mapping = { columns: { externalId: 'Opportunity ID', name: 'Name', status: 'Stage' } };
    const r = await importRecords(store, 'opportunity', path, { now, mapping });
    expect(r.rejected).toEqual([
      {
        row: 3,
        field: 'status',
        column: 'Stage',
        reason: 'column "Stage" (status): "Closed Won" is invalid: expected one of "open"|"won"|"lost"',
      },
      {
        row: 4,
        field: 'externalId',
        column: 'Opportunity ID',
        reason: expect.stringMatching(/^column "Opportunity ID" \(externalId\): "X-1" is also on row 2: /),
      },
    ]);
  });

  it('refuses impossible calendar dates, naming the field, the column and the value', async () => {
    const path = file(
      'nomap.csv',
      'externalId,name,status,closeDate\nO-1,Deal,open,2025-01-01\nO-2,Deal2,open,2025-13-01\n' +
        'O-3,Deal3,open,2025-02-30\nO-4,Deal4,open,2024-02-29T10:00:00Z\n',
    );
    const r = await importRecords(store, 'opportunity', path, { now });
    expect(r).toMatchObject({ created: 2 });
    expect(r.rejected).toEqual([
      {
        row: 3,
        field: 'closeDate',
        column: 'closeDate',
        reason: 'column "closeDate": "2025-13-01" has no month 13 (format YYYY-MM-DD)',
      },
      {
        row: 4,
        field: 'closeDate',
        column: 'closeDate',
        reason: 'column "closeDate": "2025-02-30" has no day 30 in that month (format YYYY-MM-DD)',
      },
    ]);
    expect(await getRecordByExternalId(store.db, 'opportunity', 'O-2')).toBeNull();
    const jsonl = file(
      'ooo.jsonl',
      '{"externalId":"u9","email":"u9@x.io","outOfOffice":[{"from":"2025-04-31","to":"2025-05-02"}]}\n',
    );
    expect((await importRecords(store, 'user', jsonl, { now })).rejected).toEqual([
      {
        row: 1,
        field: 'outOfOffice.0.from',
        column: 'outOfOffice',
        reason:
          'column "outOfOffice" (outOfOffice.0.from): "2025-04-31" has no day 31 in that month (format YYYY-MM-DD)',
      },
    ]);
  });

  it('reads null in a JSONL line as an absent field, keeping the stored value', async () => {
    const path = file(
      'leads.jsonl',
      '{"externalId":"l1","email":"a@x.io","domain":null,"company":"Acme"}\n' +
        '{"externalId":"l2","email":null,"company":"Beta"}\n',
    );
    const r = await importRecords(store, 'lead', path, { now });
    expect(r).toMatchObject({ created: 1 });
    expect(r.rejected).toEqual([{ row: 2, field: 'email', reason: 'field email: a value is required' }]);
    expect((await getRecordByExternalId(store.db, 'lead', 'l1'))?.values).toEqual({
      email: 'a@x.io',
      company: 'Acme',
    });
    const withDomain = file('leads-2.jsonl', '{"externalId":"l1","email":"a@x.io","domain":"x.io"}\n');
    expect(await importRecords(store, 'lead', withDomain, { now })).toMatchObject({ updated: 1 });
    expect(await importRecords(store, 'lead', path, { now })).toMatchObject({ unchanged: 1, updated: 0 });
    expect((await getRecordByExternalId(store.db, 'lead', 'l1'))?.values).toMatchObject({ domain: 'x.io' });
  });

  it('imports the sample data set without a mapping, its references naming the imported records', async () => {
    const data = join(dir, 'sample');
    await writeSampleData(data, { leads: 10, accounts: 40, reps: 12, deals: 15, seed: 3 });
    const own = await openStore({ kind: 'sqlite', path: join(dir, 'sample.db') });
    try {
      for (const [kind, name] of [
        ['user', 'users'],
        ['account', 'accounts'],
        ['opportunity', 'opportunities'],
        ['activity', 'activities'],
      ] as const) {
        const r = await importRecords(own, kind, join(data, `${name}.jsonl`), { now });
        expect(r.rejected, name).toEqual([]);
        expect(r.created, name).toBe(r.read);
      }
      const owned = (await findRecords(own.db, own.dialect, 'account', {})).filter((a) => a.values.ownerId);
      expect(owned.length).toBeGreaterThan(0);
      for (const a of owned)
        expect(await getRecord(own.db, 'user', String(a.values.ownerId)), a.id).not.toBeNull();
      for (const o of await findRecords(own.db, own.dialect, 'opportunity', {})) {
        expect(await getRecord(own.db, 'account', String(o.values.accountId)), o.id).not.toBeNull();
        expect(await getRecord(own.db, 'user', String(o.values.ownerId)), o.id).not.toBeNull();
      }
    } finally {
      await own.close();
    }
  });
});
