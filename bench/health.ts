/**
 * The health-scoring benchmark: N customers in an SQLite store scored by expand's scorer (the same
 * compiled config and `scoreCustomer` the scheduled run uses: health with trend and history,
 * renewal window, potential and plays), read in pages of PAGE by key and written back in one
 * transaction per page. Target: 1,000,000 customers in under 10 s. Runnable alone:
 * `node --import tsx bench/health.ts` (BENCH_HEALTH_CUSTOMERS, default 1,000,000).
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { parse } from 'yaml';
import { openStore } from '../dist/index.js';
import { type JsonObject, seededRandom } from '../dist/kernel/index.js';
import { ExpandConfig } from '../dist/loops/expand/config.js';
import { compileExpand, excluded } from '../dist/loops/expand/plays.js';
import { scoreCustomer } from '../dist/loops/expand/score.js';
import { isolated } from './child.js';
import { type BenchResult, benchResult } from './results.js';

const CUSTOMERS = Number(process.env.BENCH_HEALTH_CUSTOMERS ?? 1_000_000);
const PAGE = 10_000;
/** The instant the customers are seeded for. */
export const NOW = Date.parse('2026-12-01T13:00:00.000Z');

/** Seeds `n` customers (every 50th churned), each scored once a day before NOW. */
export function seed(db: SqliteDatabase.Database, n: number): void {
  const rng = seededRandom(42);
  const insert = db.prepare(
    'insert into rec_customer (id, external_id, data, version, created_at, updated_at, key1, key2, key3) values (?, ?, ?, 1, ?, ?, ?, ?, ?)',
  );
  const at = new Date(NOW - 86_400_000).toISOString();
  const write = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = `cus-${String(i).padStart(7, '0')}`;
      const bought = 10 + rng.int(190);
      const status = rng.int(50) === 0 ? 'churned' : 'active';
      const data = {
        accountId: `acct-${i}`,
        ownerId: `u-${rng.int(200)}`,
        status,
        arr: bought * 1200,
        seatsBought: bought,
        seatsUsed: rng.int(bought + 1),
        renewalDate: new Date(NOW + rng.int(400) * 86_400_000).toISOString().slice(0, 10),
        nps: rng.int(11),
        openTickets: rng.int(9),
        daysSinceMeeting: rng.int(90),
        daysPastDue: rng.int(10) === 0 ? rng.int(60) : 0,
        health: { score: 60, band: 'watch', history: [{ at, score: 60 }] },
      };
      insert.run(id, id, JSON.stringify(data), at, at, data.accountId, status, data.ownerId);
    }
  });
  for (let i = 0; i < n; i += PAGE) write(i, Math.min(n, i + PAGE));
}

/**
 * Rewrites every customer in the store: pages read by key, each customer's new values from `next`
 * (null leaves it as it is), written back whole in one transaction per page.
 */
function rewriteAll(db: SqliteDatabase.Database, next: (values: JsonObject) => JsonObject | null): void {
  const page = db.prepare('select id, data, version from rec_customer where id > ? order by id limit ?');
  const update = db.prepare('update rec_customer set data = ?, version = ?, updated_at = ? where id = ?');
  const iso = new Date(NOW).toISOString();
  const writePage = db.transaction((rows: [string, string, number][]) => {
    for (const [data, id, version] of rows) update.run(data, version, iso, id);
  });
  let after = '';
  for (;;) {
    const rows = page.all(after, PAGE) as { id: string; data: string; version: number }[];
    if (rows.length === 0) break;
    const writes: [string, string, number][] = [];
    for (const r of rows) {
      const values = next(JSON.parse(r.data) as JsonObject);
      if (values) writes.push([JSON.stringify(values), r.id, r.version + 1]);
    }
    writePage(writes);
    after = rows[rows.length - 1]?.id ?? after;
  }
}

/** Scores every customer in the store with expand's scorer and writes back what it patches. */
function scoreAll(db: SqliteDatabase.Database, config: ExpandConfig): { scored: number; plays: number } {
  const compiled = compileExpand(config);
  const iso = new Date(NOW).toISOString();
  const noTrend = () => null;
  let scored = 0;
  let plays = 0;
  rewriteAll(db, (values) => {
    if (excluded(compiled, values)) return null;
    const s = scoreCustomer(compiled, config, values, NOW, iso, noTrend);
    scored++;
    plays += s.plays.length;
    return { ...values, ...s.patch };
  });
  return { scored, plays };
}

/**
 * The floor under the scorer on this machine: the same pages read, each customer parsed, given a
 * health patch of the scorer's shape with no scoring, written back whole, one transaction a page.
 * What any scorer that keeps customers as JSON records in SQLite pays before it scores.
 */
function rawFloor(db: SqliteDatabase.Database): number {
  const iso = new Date(NOW).toISOString();
  let done = 0;
  rewriteAll(db, (values) => {
    const health = values.health as { history?: JsonObject[] } | undefined;
    const history = [...(health?.history ?? []), { at: iso, score: 70 }].slice(-12);
    done++;
    return {
      ...values,
      health: { score: 70, band: 'healthy', trend: 'flat', history },
      potential: { score: 40, reasons: ['seats'] },
    };
  });
  return done;
}

/** Runs the benchmark and returns its result row. */
async function measure(customers: number): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-health-'));
  const path = join(dir, 'health.db');
  await (await openStore({ kind: 'sqlite', path })).close();
  const db = new SqliteDatabase(path);
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144;');
  const yaml = readFileSync(new URL('../examples/acme/loops/expand.yaml', import.meta.url), 'utf8');
  const { loop: _, ...raw } = parse(yaml) as Record<string, unknown>;
  const config = ExpandConfig.parse(raw);
  const seeded = performance.now();
  seed(db, customers);
  console.log(
    `health: ${customers} customers seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
  );
  const started = performance.now();
  const r = scoreAll(db, config);
  const seconds = (performance.now() - started) / 1000;
  const floorStarted = performance.now();
  const floorRows = rawFloor(db);
  const floorSeconds = (performance.now() - floorStarted) / 1000;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `health: ${r.scored} customers scored (${customers - r.scored} churned left out), ${r.plays} play enrolments, in ${seconds.toFixed(2)} s; the raw floor (read, parse, write back, no scoring) ${floorRows} in ${floorSeconds.toFixed(2)} s`,
  );
  return [
    benchResult(
      `expand health scoring, ${customers} customers on sqlite (customers/s)`,
      r.scored / seconds,
      'customers/s',
      {
        name: '1,000,000 customers in 10 s',
        value: 100_000,
        target: 1,
      },
    ),
    benchResult(
      `expand health scoring, ${customers} customers on sqlite (customers/s)`,
      r.scored / seconds,
      'customers/s',
      {
        name: 'raw floor: the same rows read, parsed and written back, no scoring',
        value: floorRows / floorSeconds,
      },
    ),
  ];
}

/** The health bench in a process of its own. */
export const healthBench = isolated(import.meta.url, 'health', measure, CUSTOMERS);
