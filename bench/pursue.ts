import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { parse } from 'yaml';
import { openStore } from '../dist/index.js';
import { PursueConfig } from '../dist/loops/pursue/config.js';
import { dealOf, outcomeWords } from '../dist/loops/pursue/deal.js';
import { evaluateDeal } from '../dist/loops/pursue/evaluator.js';
import { MedianBuilder } from '../dist/loops/pursue/medians.js';
import { compilePlays, playNameOf } from '../dist/loops/pursue/plays.js';
import { evalEnv } from '../dist/loops/pursue/signals.js';
import { isolated } from './child.js';
import { type BenchResult, benchResult, budget } from './results.js';

const ACME = fileURLToPath(new URL('../examples/acme/loops/pursue.yaml', import.meta.url));
/** The instant the deals are seeded for. */
export const NOW = Date.parse('2026-11-24T11:00:00.000Z');
const DAY = 86_400_000;
const STAGES = ['Discovery', 'Proposal', 'Negotiation'];
const WRITE_BATCH = 10_000;
/** Native handles kept reachable: better-sqlite3 12 on Node 24 aborts if the collector destroys one. */
const native: unknown[] = [];

const iso = (t: number) => new Date(t).toISOString();

/** An open deal at the bench's instant; its shape varies with i so every signal fires on some. */
function openDeal(i: number) {
  const sqo = NOW - (5 + (i % 120)) * DAY;
  return {
    name: `Deal ${i}`,
    accountId: `acc-${i % 50_000}`,
    ownerId: `u-${i % 400}`,
    amount: 5_000 + ((i * 7919) % 150_000),
    stage: STAGES[i % 3],
    status: 'open',
    sqoAt: iso(sqo),
    closeDate: iso(NOW + ((i % 90) - 20) * DAY).slice(0, 10),
    lastActivityAt: iso(NOW - (i % 40) * DAY),
    stageEnteredAt: iso(NOW - (i % 60) * DAY),
    contactCount: 1 + (i % 4),
  };
}

/** A won deal of the history the medians come from. */
function wonDeal(i: number) {
  const closed = NOW - (10 + (i % 300)) * DAY;
  return {
    amount: 5_000 + ((i * 104_729) % 150_000),
    stage: 'Closed Won',
    outcome: 'won',
    sqoAt: iso(closed - (30 + (i % 60)) * DAY),
    closedAt: iso(closed),
    stageDays: { Discovery: 5 + (i % 15), Proposal: 4 + (i % 20), Negotiation: 3 + (i % 10) },
  };
}

/** Seeds `open` open deals and `won` won ones; ids (and external ids) start with `prefix`. */
export function seed(path: string, open: number, won: number, prefix = ''): void {
  const db = new SqliteDatabase(path);
  native.push(db);
  db.pragma('journal_mode = WAL');
  const insert = db.prepare(
    'insert into rec_opportunity (id, external_id, data, version, created_at, updated_at, key1, key2, key3) values (?, ?, ?, 1, ?, ?, ?, ?, ?)',
  );
  const at = iso(NOW);
  const fill = db.transaction(
    (from: number, to: number, make: (i: number) => Record<string, unknown>, prefix: string) => {
      for (let i = from; i < to; i++) {
        const v = make(i);
        insert.run(
          `${prefix}${i}`,
          `${prefix}${i}`,
          JSON.stringify(v),
          at,
          at,
          v.accountId ?? null,
          v.ownerId ?? null,
          v.stage,
        );
      }
    },
  );
  for (let i = 0; i < won; i += 50_000) fill(i, Math.min(won, i + 50_000), wonDeal, `${prefix}won-`);
  for (let i = 0; i < open; i += 50_000) fill(i, Math.min(open, i + 50_000), openDeal, `${prefix}opp-`);
  db.close();
}

interface Pass {
  seconds: number;
  open: number;
  changed: number;
  handedOn: number;
  peak: number;
}

/** Rows of a scan: an opportunity's id and its JSON. */
type Row = { id: string; data: string };

/**
 * A read connection for the scans and a write connection that patches deals in transactions of
 * its caller's size (WAL keeps the scan's snapshot), with the engine store's pragmas.
 */
function connections(path: string, now: number) {
  const read = new SqliteDatabase(path, { readonly: true });
  const write = new SqliteDatabase(path);
  native.push(read, write);
  read.exec('PRAGMA cache_size = -65536;');
  write.exec('PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;');
  const patch = write.prepare(
    'update rec_opportunity set data = json_patch(data, ?), version = version + 1, updated_at = ? where id = ?',
  );
  const at = iso(now);
  const won = read.prepare("select id, data from rec_opportunity where key3 = 'Closed Won'");
  const rest = read.prepare("select id, data from rec_opportunity where key3 <> 'Closed Won'");
  return {
    /** Won deals (the history), or every other deal. */
    scan: (which: 'won' | 'rest') => (which === 'won' ? won : rest).iterate() as IterableIterator<Row>,
    /** Patches deals, [id, patch JSON] each, in one transaction. */
    flush: write.transaction((rows: readonly (readonly [string, string])[]) => {
      for (const [id, values] of rows) patch.run(values, at, id);
    }),
    close: () => {
      read.close();
      write.close();
    },
  };
}

/**
 * One evaluator pass as set-based work: medians from won history by the stage index, then one
 * streaming scan of every opportunity on a prepared statement, each deal O(1), and the changed
 * deals' fields patched in transactions of 10,000 on a second connection.
 */
function pass(path: string, config: PursueConfig, now: number): Pass {
  const started = performance.now();
  const db = connections(path, now);
  const words = outcomeWords(config);
  const plays = compilePlays(config);
  const history = new MedianBuilder();
  for (const row of db.scan('won')) {
    const values = JSON.parse(row.data);
    const deal = dealOf(row.id, values, words);
    history.add(deal, deal.play ?? playNameOf(plays, values), now);
  }
  const env = evalEnv(config, now, history.build(), new Set());
  let batch: [string, string][] = [];
  let open = 0;
  let changed = 0;
  let handedOn = 0;
  let peak = process.memoryUsage().rss;
  const scheduledFor = iso(now);
  for (const row of db.scan('rest')) {
    const values = JSON.parse(row.data);
    const deal = dealOf(row.id, values, words);
    const v = evaluateDeal(deal, deal.play ?? playNameOf(plays, values), env, scheduledFor);
    if (v.assessment) open++;
    if (v.risk || v.closed) handedOn++;
    if (v.patch) {
      changed++;
      batch.push([row.id, JSON.stringify(v.patch)]);
      if (batch.length >= WRITE_BATCH) {
        db.flush(batch);
        batch = [];
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
  }
  db.flush(batch);
  db.close();
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: (performance.now() - started) / 1000, open, changed, handedOn, peak };
}

/**
 * The floor under a pass on this machine: the same scan of every deal not won, each parsed, and as
 * many patches of the evaluator's shape written as the pass wrote (the first deals', no evaluation),
 * the same connections and transactions. What any evaluator over JSON records in SQLite pays.
 */
function rawPass(path: string, patches: number, now: number): { seconds: number; deals: number } {
  const started = performance.now();
  const db = connections(path, now);
  const values = JSON.stringify({
    pursueRiskKey: 'medium,stale:3',
    pursueRiskLevel: 'medium',
    pursueRiskAt: iso(now),
  });
  let batch: [string, string][] = [];
  let deals = 0;
  for (const row of db.scan('rest')) {
    if (JSON.parse(row.data) === null) continue;
    if (deals++ < patches) batch.push([row.id, values]);
    if (batch.length >= WRITE_BATCH) {
      db.flush(batch);
      batch = [];
    }
  }
  db.flush(batch);
  db.close();
  return { seconds: (performance.now() - started) / 1000, deals };
}

/**
 * The daily deal evaluator over `open` open opportunities (and a history of won deals) on SQLite:
 * the first pass assesses every deal (all are new), the next day's pass writes only the deals whose
 * risk changed. Seconds for each, against the 5 s target for 1M, and peak RSS against 1 GiB.
 */
async function measure(open: number, won = Math.max(1_000, Math.round(open / 20))): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-pursue-'));
  const path = join(dir, 'pursue.db');
  await (await openStore({ kind: 'sqlite', path })).close();
  const seeding = performance.now();
  seed(path, open, won);
  console.log(
    `pursue: seeded ${open} open and ${won} won opportunities in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
  );
  const raw = parse(readFileSync(ACME, 'utf8')) as Record<string, unknown>;
  const { loop: _loop, ...fields } = raw;
  const config = PursueConfig.parse(fields);
  const first = pass(path, config, NOW);
  const next = pass(path, config, NOW + DAY);
  const floor = rawPass(path, next.changed, NOW + 2 * DAY);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `pursue raw floor: ${floor.deals} deals read and parsed, ${next.changed} patched, in ${floor.seconds.toFixed(2)} s`,
  );
  for (const [name, p] of [
    ['first pass', first],
    ['next day', next],
  ] as const)
    console.log(
      `pursue evaluator, ${name}: ${p.open} open deals in ${p.seconds.toFixed(2)} s (${Math.round(p.open / p.seconds)} deals/s), ${p.changed} written, ${p.handedOn} handed on, peak RSS ${(p.peak / 2 ** 20).toFixed(0)} MiB`,
    );
  const scale = 1_000_000 / open;
  const target = { name: '1M open deals in 5 s', value: 200_000, target: 1 };
  return [
    benchResult(
      `pursue evaluator over ${open} open deals, daily pass (deals/s)`,
      next.open / next.seconds,
      'deals/s',
      target,
    ),
    benchResult(
      `pursue evaluator over ${open} open deals, daily pass (deals/s)`,
      next.open / next.seconds,
      'deals/s',
      {
        name: 'raw floor: the same deals read and parsed, as many patched, no evaluation',
        value: floor.deals / floor.seconds,
      },
    ),
    benchResult(
      `pursue evaluator over ${open} open deals, first pass (deals/s)`,
      first.open / first.seconds,
      'deals/s',
      target,
    ),
    budget(
      `pursue evaluator, ${open} open deals, peak RSS`,
      Math.max(first.peak, next.peak) / 2 ** 20,
      'MiB',
      1024,
      'budget 1 GB',
    ),
    budget(
      scale === 1
        ? 'pursue evaluator, daily pass over 1M deals'
        : 'pursue evaluator, daily pass projected to 1M deals',
      next.seconds * scale,
      's',
      5,
      'budget 5 s',
    ),
  ];
}

/** The evaluator bench in a process of its own, so its peak memory rows are its own. */
export const pursueBench = isolated(
  import.meta.url,
  'pursue evaluator',
  (n) => measure(n),
  Number(process.env.BENCH_PURSUE_DEALS ?? 100_000),
);
