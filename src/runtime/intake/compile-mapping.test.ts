import { describe, expect, it } from 'vitest';
import type { RevloopsError } from '../../kernel/index.js';
import { thrownBy } from '../../kernel/test-errors.js';
import { IntakeMapping } from '../../workspace/intake-mapping.js';
import { compileMapping, type RowData } from './compile-mapping.js';

const HEADER = ['Email', 'Seats', 'Stage', 'Closed', 'Active', 'Tags', 'Company', 'Score', 'Meta'];

function mapper(columns: unknown, options: { required?: string[]; header?: string[] } = {}) {
  const mapping = IntakeMapping.parse({
    columns,
    ...(options.required ? { required: options.required } : {}),
  });
  return compileMapping(mapping, { file: 'leads.csv', columns: options.header ?? HEADER });
}

function cells(values: Record<string, string>, header = HEADER): RowData {
  return { row: 2, bytes: 0, cells: header.map((h) => values[h] ?? '') };
}

function mapOne(columns: unknown, values: Record<string, string>) {
  return mapper(columns).apply(cells(values));
}

const refusal = (fn: () => unknown): RevloopsError => thrownBy(fn, 'expected the mapping to be refused');

describe('column mapping: types', () => {
  it('reads strings as they are, renamed to the target field', () => {
    expect(mapOne({ email: 'Email' }, { Email: ' Dana@Acme.com' })).toEqual({
      ok: true,
      value: { email: ' Dana@Acme.com' },
    });
  });

  it('reads numbers with thousands separators and a currency sign, and rejects text', () => {
    const m = mapper({ score: { column: 'Score', type: 'number' } });
    expect(m.apply(cells({ Score: '$1,250.50' }))).toEqual({ ok: true, value: { score: 1250.5 } });
    expect(m.apply(cells({ Score: '-3e2' }))).toEqual({ ok: true, value: { score: -300 } });
    expect(m.apply(cells({ Score: '12,5' }))).toEqual({
      ok: false,
      field: 'score',
      column: 'Score',
      reason: '"12,5" is not a number',
    });
  });

  it('reads integers and rejects fractions', () => {
    const m = mapper({ seats: { column: 'Seats', type: 'integer' } });
    expect(m.apply(cells({ Seats: '12' }))).toEqual({ ok: true, value: { seats: 12 } });
    expect(m.apply(cells({ Seats: '1.5' }))).toMatchObject({
      ok: false,
      reason: '"1.5" is not a whole number',
    });
    expect(m.apply(cells({ Seats: 'many' }))).toMatchObject({
      ok: false,
      reason: '"many" is not an integer',
    });
  });

  it('reads booleans as yes/no, true/false and 1/0 in any case', () => {
    const m = mapper({ active: { column: 'Active', type: 'boolean' } });
    const read = (v: string) => m.apply(cells({ Active: v }));
    for (const v of ['yes', 'TRUE', '1', 'Yes'])
      expect(read(v)).toEqual({ ok: true, value: { active: true } });
    for (const v of ['no', 'False', '0']) expect(read(v)).toEqual({ ok: true, value: { active: false } });
    expect(read('maybe')).toMatchObject({ ok: false, reason: expect.stringContaining('not a boolean') });
  });

  it('reads dates in each input format and writes ISO-8601', () => {
    const date = (format: string, text: string) =>
      mapOne({ closed: { column: 'Closed', type: 'date', format } }, { Closed: text });
    expect(date('MM/DD/YYYY', '03/07/2025')).toEqual({ ok: true, value: { closed: '2025-03-07' } });
    expect(date('MM/DD/YYYY', '3/7/2025')).toEqual({ ok: true, value: { closed: '2025-03-07' } });
    expect(date('DD.MM.YYYY', '07.03.2025')).toEqual({ ok: true, value: { closed: '2025-03-07' } });
    expect(date('YYYY-MM-DD', '2025-03-07')).toEqual({ ok: true, value: { closed: '2025-03-07' } });
    expect(date('DD/MM/YYYY HH:mm', '07/03/2025 14:30')).toEqual({
      ok: true,
      value: { closed: '2025-03-07T14:30:00.000Z' },
    });
    expect(date('iso', '2025-03-07T10:00:00+02:00')).toEqual({
      ok: true,
      value: { closed: '2025-03-07T08:00:00.000Z' },
    });
    expect(date('MM/DD/YYYY', '13/01/2025')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no month 13'),
    });
    expect(date('DD.MM.YYYY', '03/07/2025')).toMatchObject({
      ok: false,
      reason: '"03/07/2025" does not match the date format DD.MM.YYYY',
    });
  });

  it('splits lists on a separator and parses JSON cells', () => {
    expect(mapOne({ tags: { column: 'Tags', type: 'list', separator: ';' } }, { Tags: 'a; b;;c ' })).toEqual({
      ok: true,
      value: { tags: ['a', 'b', 'c'] },
    });
    expect(mapOne({ meta: { column: 'Meta', type: 'json' } }, { Meta: '{"x":[1,2]}' })).toEqual({
      ok: true,
      value: { meta: { x: [1, 2] } },
    });
    expect(mapOne({ meta: { column: 'Meta', type: 'json' } }, { Meta: '{x' })).toMatchObject({ ok: false });
  });
});

describe('column mapping: value maps, defaults, required, nesting', () => {
  const stage = { column: 'Stage', map: { 'Closed Won': 'won', 'Closed Lost': 'lost', Open: 'open' } };

  it('maps labels ignoring case, accepts the values themselves, and passes others through', () => {
    const m = mapper({ status: stage });
    expect(m.apply(cells({ Stage: 'closed won' }))).toEqual({ ok: true, value: { status: 'won' } });
    expect(m.apply(cells({ Stage: 'LOST' }))).toEqual({ ok: true, value: { status: 'lost' } });
    expect(m.apply(cells({ Stage: 'Negotiation' }))).toEqual({ ok: true, value: { status: 'Negotiation' } });
  });

  it('with strict: true rejects a value that is not in the map, listing the labels', () => {
    const m = mapper({ status: { ...stage, strict: true } });
    expect(m.apply(cells({ Stage: 'Negotiation' }))).toEqual({
      ok: false,
      field: 'status',
      column: 'Stage',
      reason: '"Negotiation" is not one of "Closed Won", "Closed Lost", "Open"',
    });
  });

  it('keeps mapped numbers as numbers and maps each item of a list', () => {
    expect(mapOne({ score: { column: 'Score', map: { High: 3, Low: 1 } } }, { Score: 'high' })).toEqual({
      ok: true,
      value: { score: 3 },
    });
    const tags = { column: 'Tags', type: 'list', map: { Enterprise: 'ent' }, strict: true };
    expect(mapOne({ tags }, { Tags: 'enterprise,ENT' })).toEqual({
      ok: true,
      value: { tags: ['ent', 'ent'] },
    });
    expect(mapOne({ tags }, { Tags: 'enterprise,smb' })).toMatchObject({ ok: false, field: 'tags' });
  });

  it('uses defaults for empty cells and for constant fields without a column', () => {
    const m = mapper({ seats: { column: 'Seats', type: 'integer', default: 1 }, source: { default: 'csv' } });
    expect(m.apply(cells({ Seats: '  ' }))).toEqual({ ok: true, value: { seats: 1, source: 'csv' } });
    expect(m.apply(cells({ Seats: '4' }))).toEqual({ ok: true, value: { seats: 4, source: 'csv' } });
  });

  it('leaves out empty optional fields and rejects empty required ones', () => {
    const m = mapper({ email: 'Email', seats: { column: 'Seats', required: true } }, { required: ['email'] });
    expect(m.apply(cells({ Email: 'a@b.co', Seats: '2' }))).toEqual({
      ok: true,
      value: { email: 'a@b.co', seats: '2' },
    });
    expect(m.apply(cells({ Email: '', Seats: '2' }))).toEqual({
      ok: false,
      field: 'email',
      column: 'Email',
      reason: 'a value is required',
    });
    expect(m.apply(cells({ Email: 'a@b.co' }))).toMatchObject({ ok: false, field: 'seats' });
  });

  it('builds nested objects from dotted targets', () => {
    expect(
      mapOne(
        { 'company.name': 'Company', 'company.size': { column: 'Seats', type: 'integer' } },
        {
          Company: 'Acme',
          Seats: '40',
        },
      ),
    ).toEqual({ ok: true, value: { company: { name: 'Acme', size: 40 } } });
  });

  it('matches columns ignoring case and spaces, and lets two fields read one column', () => {
    expect(mapOne({ email: ' email ', contact: 'EMAIL' }, { Email: 'a@b.co' })).toEqual({
      ok: true,
      value: { email: 'a@b.co', contact: 'a@b.co' },
    });
  });
});

describe('column mapping: refused before any row is read', () => {
  it('refuses a required field that no column maps', () => {
    const e = refusal(() => mapper({ email: 'Email' }, { required: ['email', 'seats'] }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.issues[0]?.message).toContain('required field seats is not mapped from any column');
    expect(() => mapper({ seats: { required: true, type: 'integer', default: 0 } })).not.toThrow();
  });

  it('refuses a field written twice', () => {
    const e = refusal(() => mapper({ company: 'Company', 'company.name': 'Company' }));
    expect(e.issues.map((i) => i.message)).toEqual([
      'fields company and company.name both write company: map each field once',
    ]);
    expect(e.issues[0]?.path).toBe('columns.company.name');
  });

  it('refuses an unknown column and lists the file columns', () => {
    const e = refusal(() => mapper({ email: 'E-mail' }, { header: ['Email', 'Name'] }));
    expect(e.issues[0]).toMatchObject({
      path: 'columns.email',
      message: 'column "E-mail" is not in leads.csv; its columns are "Email", "Name"',
    });
  });

  it('refuses a column the header holds twice, and duplicate headers without a mapping', () => {
    const header = ['Email', 'email'];
    expect(refusal(() => mapper({ email: 'EMAIL' }, { header })).issues[0]?.message).toContain(
      'has 2 columns named "EMAIL"',
    );
    const e = refusal(() => compileMapping(null, { file: 'x.csv', columns: ['a', 'b', 'a'] }));
    expect(e.issues[0]?.message).toBe('two columns are named "a": rename one or give a mapping');
  });

  it('reports every problem at once', () => {
    const e = refusal(() => mapper({ a: 'Nope', b: 'Nada' }, { required: ['c'] }));
    expect(e.issues).toHaveLength(3);
  });
});

describe('without a mapping', () => {
  it('uses CSV headers as field names and keeps text', () => {
    const m = compileMapping(null, { file: 'x.csv', columns: ['email', 'seats', 'company.name'] });
    expect(m.apply({ row: 2, bytes: 0, cells: ['a@b.co', '3', 'Acme'] })).toEqual({
      ok: true,
      value: { email: 'a@b.co', seats: '3', company: { name: 'Acme' } },
    });
  });

  it('uses JSONL objects as they are and still checks required fields', () => {
    const m = compileMapping(null, { file: 'x.jsonl', columns: null, requiredFields: ['externalId'] });
    expect(m.apply({ row: 1, bytes: 0, object: { externalId: 'a1', n: 2 } })).toEqual({
      ok: true,
      value: { externalId: 'a1', n: 2 },
    });
    expect(m.apply({ row: 1, bytes: 0, object: { n: 2 } })).toMatchObject({ ok: false, field: 'externalId' });
  });

  it('reads JSONL keys and dotted paths through a mapping, converting native values', () => {
    const mapping = IntakeMapping.parse({
      columns: {
        email: 'contact.email',
        seats: { column: 'seats', type: 'integer' },
        vip: { column: 'vip', type: 'boolean' },
      },
    });
    const m = compileMapping(mapping, { file: 'x.jsonl', columns: null });
    expect(
      m.apply({ row: 1, bytes: 0, object: { contact: { email: 'a@b.co' }, seats: 4, vip: true } }),
    ).toEqual({
      ok: true,
      value: { email: 'a@b.co', seats: 4, vip: true },
    });
  });
});

describe('the mapping schema', () => {
  it('refuses options that do not fit the type and labels equal ignoring case', () => {
    const r = IntakeMapping.safeParse({
      columns: {
        a: { column: 'A', format: 'MM/DD/YYYY' },
        b: { column: 'B', type: 'date', format: 'MM/DD/YY' },
        b2: { column: 'B', type: 'date', format: 'DD.YYYY' },
        c: { column: 'C', map: { Won: 'won', won: 'w' } },
        d: {},
      },
    });
    expect(r.success).toBe(false);
    const paths = r.error?.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual([
      'columns.a.format',
      'columns.b.format',
      'columns.b2.format',
      'columns.c.map.won',
      'columns.d',
    ]);
  });
});
