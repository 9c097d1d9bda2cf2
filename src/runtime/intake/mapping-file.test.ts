import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { thrownBy } from '../../kernel/test-errors.js';
import { compileMapping } from './compile-mapping.js';
import { readMappingFile } from './mapping-file.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-map-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mapping files', () => {
  it('reads a valid mapping', () => {
    writeFileSync(
      join(dir, 'ok.yaml'),
      'columns:\n  name: Account Name\n  employees: { column: Size, type: integer }\n',
    );
    expect(readMappingFile('ok.yaml', dir).mapping.columns).toEqual({
      name: 'Account Name',
      employees: { column: 'Size', type: 'integer' },
    });
  });

  it('reports a bad field as file:line:column', () => {
    writeFileSync(
      join(dir, 'bad.yaml'),
      'columns:\n  name: Account Name\n  amount:\n    column: Amount\n    type: money\n',
    );
    const e = thrownBy(() => readMappingFile('bad.yaml', dir));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.issues[0]).toMatchObject({ file: 'bad.yaml', line: 4, column: 5, path: 'columns.amount' });
    expect(e.issues[0]?.message).toMatch(/^type: Invalid option: expected one of "string"\|"number"/);
  });

  it('refuses a field mapped twice (a duplicate key) with its line', () => {
    writeFileSync(join(dir, 'twice.yaml'), 'columns:\n  email: Email\n  email: Work Email\n');
    const e = thrownBy(() => readMappingFile('twice.yaml', dir));
    expect(e.issues[0]).toMatchObject({ file: 'twice.yaml', line: 3 });
    expect(e.issues[0]?.message).toContain('unique');
  });

  it('locates a column the data file does not have at its line in the mapping', () => {
    writeFileSync(join(dir, 'cols.yaml'), 'columns:\n  name: Name\n  stage: Stage Name\n');
    const { mapping, origin } = readMappingFile('cols.yaml', dir);
    const e = thrownBy(() =>
      compileMapping(mapping, { file: 'opps.csv', columns: ['Name', 'Stage'], origin }),
    );
    expect(e.issues[0]).toMatchObject({
      file: 'cols.yaml',
      line: 3,
      path: 'columns.stage',
      message: 'column "Stage Name" is not in opps.csv; its columns are "Name", "Stage"',
    });
  });

  it('locates a required field that no column maps at its entry in the required list', () => {
    writeFileSync(join(dir, 'req.yaml'), 'columns:\n  email: Email\nrequired:\n  - email\n  - seats\n');
    const { mapping, origin } = readMappingFile('req.yaml', dir);
    const e = thrownBy(() => compileMapping(mapping, { file: 'x.csv', columns: ['Email'], origin }));
    expect(e.issues[0]).toMatchObject({ file: 'req.yaml', line: 5, column: 5, path: 'required.1' });
  });
});
