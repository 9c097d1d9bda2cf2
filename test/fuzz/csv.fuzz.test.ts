import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Opened, openWorkspace } from '../../src/cli/context.js';
import type { RecordKind } from '../../src/kernel/index.js';
import { importRecords, ingestFile, workspaceMapping } from '../../src/runtime/intake/index.js';
import { IntakeMapping } from '../../src/workspace/intake-mapping.js';
import {
  bounded,
  CaseCounter,
  expectRevloopsError,
  FUZZ_RUNS,
  fuzzParams,
  rowCounts,
} from '../helpers/fuzz-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-fuzz-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(
  join(dir, 'revloops.yaml'),
  `name: fuzz-csv
loops: []
plugins: []
intake:
  signup.created:
    columns:
      email: { column: E-mail, required: true }
      seats: { column: Seats, type: integer, default: 1 }
      plan: { column: Plan, map: { Free Tier: free, Pro Plan: pro }, strict: true }
      signedUpAt: { column: Signed Up, type: date, format: MM/DD/YYYY }
      tags: { column: Tags, type: list, separator: ";" }
      company.name: Company
`,
);

/** A mapping for user records with renamed columns, as `revloops import --map` takes it. */
const USER_MAPPING = IntakeMapping.parse({
  columns: {
    externalId: { column: 'ID', required: true },
    email: { column: 'E-mail', required: true },
    name: 'Full Name',
    capacity: { column: 'Capacity', type: 'number' },
  },
});

const COLUMNS = [
  'E-mail',
  'Seats',
  'Plan',
  'Signed Up',
  'Tags',
  'Company',
  'externalId',
  'email',
  'name',
  'ID',
  'Full Name',
  'Capacity',
  'managerId',
  'domain',
  'amount',
  'stage',
];

const cell: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '',
      'a@b.io',
      'x@y.com',
      '9',
      '0',
      '-3',
      '1e3',
      'many',
      'Pro Plan',
      'free tier',
      'Enterprise',
    ),
    weight: 6,
  },
  {
    arbitrary: fc.constantFrom(
      '03/01/2025',
      '13/45/2025',
      '02/30/2024',
      '2025-03-01',
      '99/99/9999',
      '1/1/0',
      'yesterday',
    ),
    weight: 2,
  },
  {
    arbitrary: fc.constantFrom('u1', 'u-2', 'acc 3', 'a/b', '../x', 'ü', 'a;b;;c', 'null', 'true'),
    weight: 3,
  },
  { arbitrary: fc.string({ maxLength: 20 }), weight: 4 },
  { arbitrary: fc.string({ maxLength: 12, unit: 'binary' }), weight: 1 },
  {
    arbitrary: fc.constantFrom('"', '""', 'a"b', '"unclosed', 'line\nbreak', 'comma, inside', '\r', '\t'),
    weight: 2,
  },
  { arbitrary: fc.integer({ min: 10_000, max: 300_000 }).map((n) => 'h'.repeat(n)), weight: 1 },
);

interface CsvCase {
  bom: boolean;
  crlf: boolean;
  header: string[];
  rows: { cells: string[]; quote: boolean[] }[];
  tail: string;
}

const csvCase: fc.Arbitrary<CsvCase> = fc.record({
  bom: fc.boolean(),
  crlf: fc.boolean(),
  header: fc.array(
    fc.oneof(
      { arbitrary: fc.constantFrom(...COLUMNS), weight: 5 },
      { arbitrary: fc.string({ maxLength: 8 }), weight: 1 },
    ),
    {
      minLength: 0,
      maxLength: 8,
    },
  ),
  rows: fc.array(
    fc.record({
      cells: fc.array(cell, { maxLength: 9 }),
      quote: fc.array(fc.boolean(), { minLength: 9, maxLength: 9 }),
    }),
    { maxLength: 12 },
  ),
  tail: fc.oneof(
    { arbitrary: fc.constant(''), weight: 5 },
    { arbitrary: fc.string({ maxLength: 10 }), weight: 1 },
  ),
});

function renderCsv(c: CsvCase): string {
  const field = (s: string, quote: boolean) => (quote ? `"${s.replaceAll('"', '""')}"` : s);
  const eol = c.crlf ? '\r\n' : '\n';
  const lines = [
    c.header.join(','),
    ...c.rows.map((r) => r.cells.map((s, i) => field(s, r.quote[i] ?? false)).join(',')),
  ];
  return `${c.bom ? '\uFEFF' : ''}${lines.join(eol)}${eol}${c.tail}`;
}

type Target =
  | { kind: 'ingest'; type: 'signup.created' | 'signup.raw' }
  | { kind: 'import'; record: RecordKind; mapped: boolean };

const target: fc.Arbitrary<Target> = fc.oneof(
  fc.record({
    kind: fc.constant('ingest' as const),
    type: fc.constantFrom('signup.created' as const, 'signup.raw' as const),
  }),
  fc.record({
    kind: fc.constant('import' as const),
    record: fc.constantFrom<RecordKind>('user', 'account', 'team', 'lead', 'opportunity'),
    mapped: fc.boolean(),
  }),
);

describe('fuzz: CSV rows through ingest and import', () => {
  let opened: Opened;
  beforeAll(async () => {
    opened = await openWorkspace({ workspace: dir }, { env: {} });
  });
  afterAll(() => opened?.close());

  it(`reports rejected rows by number and writes only accepted ones: ${FUZZ_RUNS} files`, async () => {
    const counter = new CaseCounter('csv rows');
    const file = join(dir, 'rows.csv');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csvCase, target, async (c, t) => {
        const text = renderCsv(c);
        writeFileSync(file, text);
        const before = await rowCounts(opened.store.db);
        const r = await bounded(10_000, `${t.kind} of ${text.length} bytes`, async () => {
          if (t.kind === 'ingest') {
            const located = workspaceMapping(opened.workspace, t.type);
            const report = await ingestFile(opened.engine, file, {
              type: t.type,
              mapping: located?.mapping ?? null,
              ...(located ? { origin: located.origin } : {}),
              // A fresh source per case keeps identical rows of different cases from being duplicates.
              source: `fuzz-${n++}`,
            });
            return {
              read: report.read,
              written: report.accepted,
              kept: report.duplicates,
              rejected: report.rejected,
            };
          }
          const mapping = t.mapped && t.record === 'user' ? USER_MAPPING : null;
          const report = await importRecords(opened.store, t.record, file, {
            mapping,
            now: '2026-01-01T00:00:00.000Z',
          });
          return {
            read: report.read,
            written: report.created + report.updated,
            kept: report.unchanged,
            rejected: report.rejected,
          };
        });
        const after = await rowCounts(opened.store.db);
        if (r.error !== undefined) {
          const e = expectRevloopsError(r.error, `${t.kind} of a fuzzed CSV`);
          expect(e.message.length).toBeGreaterThan(0);
          expect(after, `a refused file wrote rows: ${e.message}`).toEqual(before);
          counter.count(`${t.kind} refused`);
          return;
        }
        const report = r.value as NonNullable<typeof r.value>;
        expect(report.written + report.kept + report.rejected.length).toBe(report.read);
        let last = 1;
        for (const row of report.rejected) {
          expect(row.row, JSON.stringify(row)).toBeGreaterThan(last);
          expect(row.row).toBeLessThanOrEqual(report.read + 1);
          expect(row.reason.length).toBeGreaterThan(0);
          last = row.row;
        }
        if (report.written === 0) expect(after, 'a file with nothing accepted wrote rows').toEqual(before);
        if (t.kind === 'ingest') {
          for (const [table, count] of Object.entries(after))
            if (table !== 'events') expect([table, count]).toEqual([table, before[table]]);
          expect(after.events).toBe((before.events ?? 0) + report.written);
        } else {
          for (const [table, count] of Object.entries(after))
            if (!table.startsWith('rec')) expect([table, count]).toEqual([table, before[table]]);
        }
        counter.count(
          `${t.kind} ${report.rejected.length === report.read ? 'all rejected' : 'some accepted'}`,
        );
      }),
      fuzzParams(),
    );
    counter.print();
    expect(counter.cases).toBe(FUZZ_RUNS);
  }, 1_800_000);
});
