import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { Engine, loadWorkspace, openStore, type Store, type StoreLocation } from '../src/index.js';
import { benchLoop } from './bench-loop.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const PG_EVENTS = Number(process.env.BENCH_PG_EVENTS ?? 5_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const ONE_BY_ONE = Number(process.env.BENCH_ONE_BY_ONE ?? 2_000);
const PG_URL = process.env.REVLOOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Row {
  name: string;
  events: number;
  seconds: number;
  rows: number;
}

function payload(i: number) {
  return { email: `u${i}@co${i % 97}.com`, seats: i % 15 };
}

function workspaceDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rl-bench-'));
  mkdirSync(join(dir, 'loops'));
  writeFileSync(join(dir, 'revloops.yaml'), 'name: bench\nloops: [bench-intake]\nplugins: []\n');
  return dir;
}

async function countRows(store: Store): Promise<number> {
  const tables = ['events', 'decisions', 'rec_lead', 'rec_task', 'metrics'];
  let n = 0;
  for (const t of tables)
    n += Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(store.db)).rows[0]?.n,
    );
  return n;
}

async function runEngine(
  name: string,
  location: StoreLocation,
  events: number,
  batch: boolean,
): Promise<Row> {
  const dir = workspaceDir();
  const workspace = await loadWorkspace(dir, { loops: [benchLoop] });
  const store = await openStore(location);
  const engine = new Engine({ workspace, store, batchSize: batch ? BATCH : 1 });
  await engine.recordConfigVersions();
  const started = performance.now();
  if (batch) {
    for (let start = 0; start < events; start += 1000) {
      const batch = [];
      for (let i = start; i < Math.min(events, start + 1000); i++)
        batch.push({ type: 'signup.created', payload: payload(i) });
      await engine.emitMany(batch);
    }
    await engine.drain();
  } else {
    for (let i = 0; i < events; i++) {
      await engine.emit({ type: 'signup.created', payload: payload(i) });
      await engine.drain();
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const rows = await countRows(store);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return { name, events, seconds, rows };
}

/** Native handles kept reachable: better-sqlite3 12 on Node 24 aborts if the collector destroys one. */
const native: unknown[] = [];

/**
 * The raw rate for exactly the rows the engine wrote: every row of the SQLite run (events,
 * decisions, records, metrics) inserted again into an empty store with the same schema and
 * indexes, by better-sqlite3 prepared statements, 1,000 rows per transaction.
 */
async function rawSqlite(source: string): Promise<Row> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-raw-'));
  const target = join(dir, 'raw.db');
  const empty = await openStore({ kind: 'sqlite', path: target });
  await empty.close();
  const from = new SqliteDatabase(source, { readonly: true });
  const to = new SqliteDatabase(target);
  native.push(from, to);
  to.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;');
  const tables = ['events', 'decisions', 'rec_lead', 'rec_task', 'metrics'];
  const data = tables.map((t) => {
    const select = from.prepare(`select * from ${t}`);
    native.push(select);
    return { t, rows: select.raw().all() as unknown[][] };
  });
  from.close();
  let total = 0;
  const started = performance.now();
  for (const { t, rows } of data) {
    if (rows.length === 0) continue;
    const width = (rows[0] as unknown[]).length;
    const insert = to.prepare(
      `insert into ${t} values (${Array.from({ length: width }, () => '?').join(', ')})`,
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
  return { name: 'raw better-sqlite3 batched insert of the same rows', events: 0, seconds, rows: total };
}

async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`drop schema if exists "${schema}" cascade`);
  await c.end();
}

function print(rows: Row[], raw: Row): void {
  const rawRate = raw.rows / raw.seconds;
  const lines = [
    ['benchmark', 'events', 'seconds', 'events/s', 'rows/event', 'rows/s', 'vs raw'].join(' | '),
  ];
  for (const r of [raw, ...rows]) {
    const rowsPerSec = r.rows / r.seconds;
    lines.push(
      [
        r.name,
        r.events || '-',
        r.seconds.toFixed(2),
        r.events ? Math.round(r.events / r.seconds) : '-',
        r.events ? (r.rows / r.events).toFixed(2) : '-',
        Math.round(rowsPerSec),
        `${(rowsPerSec / rawRate).toFixed(3)}×`,
      ].join(' | '),
    );
  }
  console.log(lines.join('\n'));
  console.log(
    `peak RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB; target: engine rows/s ≥ 0.5× the raw rate`,
  );
}

const rows: Row[] = [];
const dir = mkdtempSync(join(tmpdir(), 'rl-bench-db-'));
rows.push(
  await runEngine(
    `revloops sqlite, batches of ${BATCH}`,
    { kind: 'sqlite', path: join(dir, 'batch.db') },
    EVENTS,
    true,
  ),
);
rows.push(
  await runEngine(
    'revloops sqlite, one by one',
    { kind: 'sqlite', path: join(dir, 'single.db') },
    ONE_BY_ONE,
    false,
  ),
);
if (await pgReachable()) {
  for (const [label, batch, n] of [
    [`batches of ${BATCH}`, true, PG_EVENTS],
    ['one by one', false, Math.min(ONE_BY_ONE, PG_EVENTS)],
  ] as const) {
    const schema = `rl_bench_${Date.now().toString(36)}`;
    rows.push(
      await runEngine(`revloops postgres, ${label}`, { kind: 'postgres', url: PG_URL, schema }, n, batch),
    );
    await dropSchema(schema);
  }
} else {
  console.log(`PostgreSQL at ${PG_URL} is unreachable: its rows are left out`);
}
const raw = await rawSqlite(join(dir, 'batch.db'));
rmSync(dir, { recursive: true, force: true });
print(rows, raw);
