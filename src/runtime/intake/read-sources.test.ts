import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RevloopsError } from '../../kernel/index.js';
import { checkRows, openRows } from './open-rows.js';
import { readUtf8 } from './read-file.js';
import type { SourceRow } from './source-rows.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-intake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function readAll(path: string): Promise<{ columns: readonly string[] | null; rows: SourceRow[] }> {
  const source = await openRows(path);
  const rows: SourceRow[] = [];
  for await (const row of source.rows) rows.push(row);
  return { columns: source.columns, rows };
}

describe('reading CSV', () => {
  it('handles quoted fields holding commas, quotes and newlines, and numbers rows from the header', async () => {
    const path = file('quoted.csv', 'name,note\r\n"Acme, Inc.","said ""hi""\nthen left"\r\nBeta,plain\r\n');
    const { columns, rows } = await readAll(path);
    expect(columns).toEqual(['name', 'note']);
    expect(rows.map((r) => ('cells' in r ? [r.row, ...r.cells] : r))).toEqual([
      [2, 'Acme, Inc.', 'said "hi"\nthen left'],
      [3, 'Beta', 'plain'],
    ]);
  });

  it('ignores a byte order mark, skips blank lines, pads short rows and rejects long ones', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const path = file(
      'bom.csv',
      Buffer.concat([bom, Buffer.from('Email,Seats\na@b.co,3\n\nc@d.co\ne@f.co,1,extra\n')]),
    );
    const { columns, rows } = await readAll(path);
    expect(columns).toEqual(['Email', 'Seats']);
    expect(rows).toEqual([
      expect.objectContaining({ row: 2, cells: ['a@b.co', '3'] }),
      expect.objectContaining({ row: 3, cells: ['c@d.co'] }),
      expect.objectContaining({ row: 4, error: 'has 3 fields but the header has 2' }),
    ]);
  });

  it('reports the bytes read so far, up to the file size', async () => {
    const path = file('bytes.csv', 'a\n1\n2\n');
    const source = await openRows(path);
    const bytes: number[] = [];
    for await (const row of source.rows) bytes.push(row.bytes);
    expect(source.totalBytes).toBe(6);
    expect(bytes[0]).toBeLessThan(bytes[1] ?? 0);
  });

  it('gives an empty file no columns and no rows', async () => {
    expect(await readAll(file('empty.csv', ''))).toEqual({ columns: [], rows: [] });
  });

  it('stops with a located error on an unclosed quote', async () => {
    const path = file('broken.csv', 'a,b\n1,"open\n');
    const err = await readAll(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RevloopsError);
    expect((err as RevloopsError).message).toMatch(/broken\.csv:\d+: not valid CSV/);
  });
});

describe('reading JSONL', () => {
  it('streams objects with their line numbers and rejects bad lines without stopping', async () => {
    const path = file(
      'events.jsonl',
      '\uFEFF{"email":"a@b.co"}\n\n{"email": oops}\n[1,2]\n{"email":"c@d.co","n":{"x":1}}\n',
    );
    const { columns, rows } = await readAll(path);
    expect(columns).toBeNull();
    expect(rows).toEqual([
      expect.objectContaining({ row: 1, object: { email: 'a@b.co' } }),
      expect.objectContaining({ row: 3, error: expect.stringMatching(/^not JSON: /) }),
      expect.objectContaining({ row: 4, error: 'expected a JSON object on the line' }),
      expect.objectContaining({ row: 5, object: { email: 'c@d.co', n: { x: 1 } } }),
    ]);
  });
});

describe('opening files', () => {
  it('refuses other extensions and missing files', async () => {
    await expect(openRows(file('data.xlsx', ''))).rejects.toThrow('expected a .csv or .jsonl file');
    await expect(openRows(join(dir, 'missing.csv'))).rejects.toThrow('file not found or not readable');
  });

  it('refuses a directory with a usage error, also when its read stream is the one that fails', async () => {
    for (const name of ['folder.csv', 'folder.jsonl']) {
      const path = join(dir, name);
      mkdirSync(path);
      const expected = `${path}: is a directory, expected a .csv or .jsonl file`;
      await expect(openRows(path)).rejects.toThrow(expected);
      await expect(checkRows(path)).rejects.toThrow(expected);
    }
    const read = async () => {
      for await (const _chunk of readUtf8(join(dir, 'folder.csv')));
    };
    await expect(read()).rejects.toMatchObject({ name: 'Error', code: 'EISDIR' });
  });
});

describe('checking a whole file', () => {
  const latin1 = Buffer.from([0x43, 0x61, 0x66, 0xe9]); // "Café" in Latin-1

  it('finds a CSV syntax error after many rows, with its line', async () => {
    const rows = Array.from({ length: 700 }, (_, i) => `${i},x`);
    const path = file('late-error.csv', ['a,b', ...rows, '1,"open', ''].join('\n'));
    await expect(checkRows(path)).rejects.toThrow(`${path}:702: not valid CSV: Quote Not Closed`);
  });

  it('refuses bytes that are not UTF-8 with the line and byte offset, in CSV and JSONL', async () => {
    const csv = file('latin1.csv', Buffer.concat([Buffer.from('name\nok\n'), latin1, Buffer.from('\n')]));
    const err = await checkRows(csv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RevloopsError);
    expect(err).toMatchObject({ code: 'USAGE', issues: [{ file: csv, line: 3 }] });
    expect((err as RevloopsError).message).toBe(
      `${csv}:3: not valid UTF-8: byte 0xe9 at offset 11; save the file as UTF-8`,
    );
    const jsonl = file('latin1.jsonl', Buffer.concat([Buffer.from('{"a":1}\n{"a":"'), latin1]));
    await expect(checkRows(jsonl)).rejects.toThrow(`${jsonl}:2: not valid UTF-8: byte 0xe9 at offset 17`);
    await expect(readAll(jsonl)).rejects.toThrow(`${jsonl}:2: not valid UTF-8`);
  });

  it('locates a bad byte far into a file whose multi-byte characters straddle read chunks', async () => {
    const line = `${'é'.repeat(1000)}\n`; // 2001 bytes, so some 'é' falls across each 64 KiB chunk boundary
    const good = line.repeat(100);
    const path = file('far.csv', Buffer.concat([Buffer.from(good), Buffer.from([0xc3, 0x28])]));
    await expect(checkRows(path)).rejects.toThrow(
      `${path}:101: not valid UTF-8: byte 0xc3 at offset ${Buffer.byteLength(good)}`,
    );
    const fine = file('fine.jsonl', `{"s":"${'é€😀'.repeat(20000)}"}\n`);
    await expect(checkRows(fine)).resolves.toBeUndefined();
    expect((await readAll(fine)).rows).toEqual([
      expect.objectContaining({ row: 1, object: { s: 'é€😀'.repeat(20000) } }),
    ]);
  });

  it('refuses a file that ends part-way through a character', async () => {
    const path = file('cut.csv', Buffer.from([0x61, 0x0a, 0x62, 0xe2, 0x82]));
    await expect(checkRows(path)).rejects.toThrow(`${path}:2: not valid UTF-8: byte 0xe2 at offset 3`);
  });
});
