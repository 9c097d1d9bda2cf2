import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';

describe('revloops import on the example workspace data', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());
  const run = (argv: string[]) => cli([...argv, '--workspace', ws.dir, '--json']);

  it('imports the whole lead history: a null field in a line is absent, not a rejected row', async () => {
    const r = await run(['import', 'lead', join(ws.dir, 'data', 'lead-history.jsonl')]);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ read: 400, created: 400, rejected: [] });
  });

  it('keeps the first row of a repeated external id, and a re-import leaves every record unchanged', async () => {
    const source = readFileSync(join(ws.dir, 'data', 'opportunities.csv'), 'utf8')
      .trimEnd()
      .split('\n');
    const repeated = (source[3] ?? '').replace(/,\d{4}-\d{2}-\d{2},/, ',2027-06-30,');
    const file = join(ws.dir, 'pipeline.csv');
    writeFileSync(file, `${[...source, repeated].join('\n')}\n`);
    const rows = source.length - 1;
    const first = JSON.parse((await run(['import', 'opportunity', file])).out);
    expect(first).toMatchObject({ created: rows, updated: 0 });
    expect(first.rejected).toEqual([
      expect.objectContaining({ row: rows + 2, reason: expect.stringContaining('is also on row 4') }),
    ]);
    const again = await run(['import', 'opportunity', file]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ created: 0, updated: 0, unchanged: rows });
  });

  it('states its exit codes in its help', async () => {
    const r = await cli(['import', '--help']);
    expect(r.out).toContain(
      '0  the file was read and at least one row was taken (some rows may be rejected)',
    );
  });
});
