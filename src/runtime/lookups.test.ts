import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileLookupResult, RecordedRead } from '../kernel/index.js';
import { recordingLookups, replayLookups, workspaceLookups } from './lookups.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-lookups-'));
mkdirSync(join(dir, 'data'));
writeFileSync(
  join(dir, 'data', 'companies.csv'),
  [
    'id,name,domain,website,employees',
    'c1,Acme Corp,acmecorp.com,https://www.acmecorp.com,2400',
    'c2,Acme Labs,acmelabs.io,,65',
    'c3,Labs Unlimited,labsunlimited.com,,12',
    'c4,Zenith Corp,zenith.io,http://www.Zenith.io/about,300',
  ].join('\n'),
);
writeFileSync(join(dir, 'data', 'people.jsonl'), '{"id":"p1","name":"Ada"}\n\n{"id":"p2","name":"Bo"}\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lookups = workspaceLookups(dir, {});
const ids = (r: FileLookupResult) => (r.ok ? r.rows.map((x) => x.values.id) : r.reason);

describe('data file lookups', () => {
  it('matches hosts in any URL form, and words of a name by its first word, best first', async () => {
    const host = await lookups.file({
      file: 'companies.csv',
      match: [{ column: 'website', value: 'zenith.io', mode: 'host' }],
      limit: 5,
    });
    expect(ids(host)).toEqual(['c4']);
    const words = await lookups.file({
      file: 'companies.csv',
      match: [
        { column: 'name', value: 'acme labs', mode: 'words' },
        { column: 'domain', value: 'ACMECORP.com', mode: 'exact' },
      ],
      limit: 5,
    });
    // The exact domain first, then the row sharing both words; "Labs Unlimited" lacks the first word.
    expect(ids(words)).toEqual(['c1', 'c2']);
    expect(words.ok && words.rows[0]).toEqual({
      row: 1,
      values: {
        id: 'c1',
        name: 'Acme Corp',
        domain: 'acmecorp.com',
        website: 'https://www.acmecorp.com',
        employees: '2400',
      },
    });
  });

  it('reads JSONL too, and says why a file cannot be used', async () => {
    const jsonl = await lookups.file({
      file: 'people.jsonl',
      match: [{ column: 'name', value: 'bo', mode: 'exact' }],
      limit: 1,
    });
    expect(jsonl).toEqual({ ok: true, rows: [{ row: 3, values: { id: 'p2', name: 'Bo' } }] });
    const ask = (file: string) => lookups.file({ file, match: [], limit: 1 });
    expect(await ask('missing.csv')).toEqual({ ok: false, reason: 'data/missing.csv does not exist' });
    expect(await ask('../secrets.csv')).toEqual({
      ok: false,
      reason: '../secrets.csv is not a file inside data/',
    });
    expect(await ask('notes.txt')).toEqual({
      ok: false,
      reason: 'notes.txt: expected a .csv or .jsonl file',
    });
  });
});

describe('recorded lookups', () => {
  it('keeps every answer with the decision and serves the same answers on replay', async () => {
    const reads: RecordedRead[] = [];
    const recording = recordingLookups(lookups, reads);
    const request = {
      file: 'companies.csv',
      match: [{ column: 'name', value: 'acme', mode: 'words' as const }],
      limit: 3,
    };
    const live = await recording.file(request);
    const http = await recording.http({
      url: 'http://127.0.0.1:9/x',
      headers: [{ name: 'Authorization', env: 'REVLOOPS_UNSET_KEY', prefix: 'Bearer ' }],
      timeoutMs: 100,
    });
    expect(http).toMatchObject({ ok: false, status: null });
    expect(http.ok || http.reason).toBe(
      'environment variable REVLOOPS_UNSET_KEY (header Authorization) is not set',
    );
    expect(reads.map((r) => r.key.split(':')[0])).toEqual(['file', 'http']);
    const replay = replayLookups(reads);
    expect(await replay.file(request)).toEqual(live);
    await expect(replay.file(request)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
