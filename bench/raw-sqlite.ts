import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../dist/index.js';

/** Native handles kept reachable: better-sqlite3 12 on Node 24 aborts if the collector destroys one. */
const native: unknown[] = [];

/** Rows of `tables` in a store file, and the rate at which plain inserts write them again. */
export interface RawRate {
  rows: number;
  seconds: number;
  rowsPerSecond: number;
  perTable: Record<string, number>;
}

/**
 * The raw rate for exactly the rows an engine run wrote: every row of `tables` in `source`
 * inserted again into an empty store with the same schema and indexes, by better-sqlite3
 * prepared statements, 1,000 rows per transaction (the same pragmas as the engine's store).
 */
export async function rawInsertRate(source: string, tables: readonly string[]): Promise<RawRate> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-raw-'));
  const target = join(dir, 'raw.db');
  const empty = await openStore({ kind: 'sqlite', path: target });
  await empty.close();
  const from = new SqliteDatabase(source, { readonly: true });
  const to = new SqliteDatabase(target);
  native.push(from, to);
  to.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;');
  // Stored columns only: a column the database derives from the data (rec_lead.routed_on) is
  // computed again on insert, as it is for the engine.
  const data = tables.map((t) => {
    const info = from.prepare(`pragma table_xinfo(${t})`);
    native.push(info);
    const columns = (info.all() as { name: string; hidden: number }[])
      .filter((c) => c.hidden === 0)
      .map((c) => c.name)
      .join(', ');
    const select = from.prepare(`select ${columns} from ${t}`);
    native.push(select);
    return { t, columns, rows: select.raw().all() as unknown[][] };
  });
  from.close();
  const perTable: Record<string, number> = {};
  let total = 0;
  const started = performance.now();
  for (const { t, columns, rows } of data) {
    perTable[t] = rows.length;
    if (rows.length === 0) continue;
    const width = (rows[0] as unknown[]).length;
    const insert = to.prepare(
      `insert into ${t} (${columns}) values (${Array.from({ length: width }, () => '?').join(', ')})`,
    );
    native.push(insert);
    const tx = to.transaction((slice: unknown[][]) => {
      for (const r of slice) insert.run(...r);
    });
    for (let i = 0; i < rows.length; i += 1000) tx(rows.slice(i, i + 1000));
    total += rows.length;
  }
  const seconds = (performance.now() - started) / 1000;
  to.close();
  rmSync(dir, { recursive: true, force: true });
  return { rows: total, seconds, rowsPerSecond: total / seconds, perTable };
}

/** Rows per table in a store file. */
export function countRows(file: string, tables: readonly string[]): Record<string, number> {
  const db = new SqliteDatabase(file, { readonly: true });
  native.push(db);
  const out: Record<string, number> = {};
  for (const t of tables) {
    const stmt = db.prepare(`select count(*) as n from ${t}`);
    native.push(stmt);
    out[t] = (stmt.get() as { n: number }).n;
  }
  db.close();
  return out;
}

/** The q-quantile (0..1) of numbers, by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}
