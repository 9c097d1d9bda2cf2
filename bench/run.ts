import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { Engine, loadWorkspace, openStore, type Store, type StoreLocation } from '../dist/index.js';
import { benchLoop } from './bench-loop.js';
import { demandBench } from './demand.js';
import { deployBench } from './deploy.js';
import { deployPlanBench } from './deploy-plan.js';
import { expandLoopBench } from './expand-loop.js';
import { healthBench } from './health.js';
import { httpBench } from './http.js';
import { pursueBench } from './pursue.js';
import { pursueLoopBench } from './pursue-loop.js';
import { countRows, type RawRate, rawInsertRate } from './raw-sqlite.js';
import {
  appendResults,
  type BenchResult,
  benchResult,
  printResults,
  RESULTS_FILE,
  RESULTS_TABLE,
  resetResults,
  writeMarkdown,
} from './results.js';
import { runRulesBench } from './rules.js';
import { simulateBench } from './simulate.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const PG_EVENTS = Number(process.env.BENCH_PG_EVENTS ?? 5_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const ONE_BY_ONE = Number(process.env.BENCH_ONE_BY_ONE ?? 2_000);
const PG_URL = process.env.REVLOOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const DEMAND_LEADS = Number(process.env.BENCH_DEMAND_LEADS ?? 10_000);
const DEMAND_ONE_BY_ONE = Number(process.env.BENCH_DEMAND_ONE_BY_ONE ?? 300);
const SIM_LEADS = Number(process.env.BENCH_SIM_LEADS ?? 50_000);
const TABLES = ['events', 'decisions', 'rec_lead', 'rec_task', 'metrics'];

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

async function countPgRows(store: Store): Promise<number> {
  let n = 0;
  for (const t of TABLES)
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
  const pgRows = location.kind === 'postgres' ? await countPgRows(store) : 0;
  await store.close();
  const rows =
    location.kind === 'sqlite'
      ? Object.values(countRows(location.path, TABLES)).reduce((a, b) => a + b, 0)
      : pgRows;
  rmSync(dir, { recursive: true, force: true });
  return { name, events, seconds, rows };
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

function runtimeRows(rows: Row[], raw: RawRate): BenchResult[] {
  console.log(
    `runtime: raw better-sqlite3 insert of the ${raw.rows} rows the batch run wrote: ${Math.round(raw.rowsPerSecond)} rows/s`,
  );
  for (const r of rows)
    console.log(
      `  ${r.name}: ${r.events} events in ${r.seconds.toFixed(2)} s, ${Math.round(r.events / r.seconds)} events/s, ${(r.rows / r.events).toFixed(2)} rows/event`,
    );
  return rows.map((r) =>
    benchResult(`${r.name} (rows/s)`, r.rows / r.seconds, 'rows/s', {
      name: 'raw better-sqlite3 insert of the same rows',
      value: raw.rowsPerSecond,
      target: 0.5,
    }),
  );
}

/** Ingest and process through the engine (batch and one by one, SQLite and PostgreSQL) next to the raw insert rate. */
async function runtimeBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-bench-db-'));
  const engineRows: Row[] = [];
  for (const [label, file, batch, n] of [
    [`batches of ${BATCH}`, 'batch.db', true, EVENTS],
    ['one by one', 'single.db', false, ONE_BY_ONE],
  ] as const) {
    engineRows.push(
      await runEngine(`revloops sqlite, ${label}`, { kind: 'sqlite', path: join(dir, file) }, n, batch),
    );
  }
  if (await pgReachable()) {
    for (const [label, batch, n] of [
      [`batches of ${BATCH}`, true, PG_EVENTS],
      ['one by one', false, Math.min(ONE_BY_ONE, PG_EVENTS)],
    ] as const) {
      const schema = `rl_bench_${Date.now().toString(36)}`;
      engineRows.push(
        await runEngine(`revloops postgres, ${label}`, { kind: 'postgres', url: PG_URL, schema }, n, batch),
      );
      await dropSchema(schema);
    }
  } else {
    console.log(`PostgreSQL at ${PG_URL} is unreachable: its rows are left out`);
  }
  const rows = runtimeRows(engineRows, await rawInsertRate(join(dir, 'batch.db'), TABLES));
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

/** The benchmarks by name; `npm run bench -- health pursue` runs only those and leaves the results files alone. */
const STEPS: Record<string, () => Promise<readonly BenchResult[]>> = {
  runtime: runtimeBench,
  demand: () => demandBench({ leads: DEMAND_LEADS, oneByOne: DEMAND_ONE_BY_ONE }),
  simulate: () => simulateBench(SIM_LEADS),
  health: () => healthBench(Number(process.env.BENCH_HEALTH_CUSTOMERS ?? 1_000_000)),
  'expand-loop': () => expandLoopBench(Number(process.env.BENCH_EXPAND_LOOP_CUSTOMERS ?? 100_000)),
  pursue: () => pursueBench(Number(process.env.BENCH_PURSUE_DEALS ?? 1_000_000)),
  'pursue-loop': () => pursueLoopBench(Number(process.env.BENCH_PURSUE_LOOP_DEALS ?? 100_000)),
  deploy: () => deployBench(Number(process.env.BENCH_DEPLOY_ACCOUNTS ?? 1_000_000)),
  'deploy-plan': () => deployPlanBench(Number(process.env.BENCH_DEPLOY_PLAN_ACCOUNTS ?? 1_000_000)),
  http: () => httpBench(),
  rules: () => runRulesBench(),
};
const chosen = process.argv.slice(2).filter((a) => a !== '--');
for (const name of chosen)
  if (!(name in STEPS)) {
    console.error(`no benchmark ${name}; the benchmarks are ${Object.keys(STEPS).join(', ')}`);
    process.exit(2);
  }
const full = chosen.length === 0;
const all: BenchResult[] = [];
const startedAt = new Date();
const loadAtStart = loadavg()[0] ?? 0;
if (full) resetResults();
for (const [name, step] of Object.entries(STEPS)) {
  if (!full && !chosen.includes(name)) continue;
  const rows = await step();
  // Each benchmark's rows go to bench/results.json as soon as it ends, so a failed run keeps what it measured.
  if (full) appendResults(rows);
  all.push(...rows);
}
const peakRss = process.memoryUsage().rss / 2 ** 20;
console.log('');
printResults(all);
console.log(`peak RSS ${peakRss.toFixed(0)} MiB`);
if (full) {
  writeMarkdown(
    all,
    [
      `Measured by \`npm run bench\` on ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version},`,
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadAtStart.toFixed(2)} at the start;`,
      `peak RSS of the benchmark process ${peakRss.toFixed(0)} MiB. Each peer is measured in the same run;`,
      'a budget row compares a duration, latency or memory with the limit the issues set (ratio = limit / value).',
      'See docs/performance.md for how to read it.',
    ].join('\n'),
  );
  console.log(`wrote ${RESULTS_FILE} and ${RESULTS_TABLE}`);
}
