import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRecord, getRecordByExternalId, openStore, type Store, writeRecord } from '../../store/index.js';
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
      { row: 1, reason: expect.stringMatching(/^field status: /) },
      {
        row: 2,
        field: 'externalId',
        column: 'externalId',
        reason: 'column "externalId": a value is required',
      },
    ]);
    await expect(importRecords(store, 'task', path, { now })).rejects.toThrow('cannot import task records');
  });
});
