import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import { conformance } from '../../store/test-stores.js';
import { importRecords } from './import-records.js';

const dir = mkdtempSync(join(tmpdir(), 'revloops-import-race-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ROWS = 400;
const now = '2025-03-01T00:00:00.000Z';

conformance('two imports of one file at once', (t) => {
  it('creates each record once: the second import finds the first one’s records by external id', async () => {
    const { store, location } = t();
    const path = join(dir, `contacts-${store.dialect}.jsonl`);
    writeFileSync(
      path,
      Array.from({ length: ROWS }, (_, n) =>
        JSON.stringify({ externalId: `c-${n}`, email: `c${n}@example.com`, accountId: `a-${n % 7}` }),
      ).join('\n'),
    );
    // A second connection pool, as a second worker process has.
    const other = await openStore(location);
    try {
      const reports = await Promise.all(
        [store, other].map((s) => importRecords(s, 'contact', path, { now, batchSize: 7 })),
      );
      for (const r of reports) expect(r.rejected).toEqual([]);
      expect(reports.reduce((n, r) => n + r.created, 0)).toBe(ROWS);
      expect(reports.reduce((n, r) => n + r.created + r.unchanged + r.updated, 0)).toBe(2 * ROWS);
      const { rows } = await sql<{ n: number | string; ids: number | string }>`
        select count(*) as n, count(distinct external_id) as ids from rec_contact`.execute(store.db);
      expect(rows.map((r) => [Number(r.n), Number(r.ids)])).toEqual([[ROWS, ROWS]]);
    } finally {
      await other.close();
    }
  });
});
