/**
 * The expand loop's scoring pass through the engine over N customers (see loop-pass.ts). Runnable
 * alone: `node --import tsx bench/expand-loop.ts` (BENCH_EXPAND_LOOP_CUSTOMERS, default 100,000).
 */

import SqliteDatabase from 'better-sqlite3';
import { isolated } from './child.js';
import { NOW, seed } from './health.js';
import { passesThroughEngine } from './loop-pass.js';
import { type BenchResult, benchResult } from './results.js';

async function measure(customers: number): Promise<BenchResult[]> {
  const [pass] = await passesThroughEngine(
    'expand',
    (path) => {
      const db = new SqliteDatabase(path);
      try {
        seed(db, customers);
      } finally {
        db.close();
      }
    },
    [NOW],
  );
  if (!pass) throw new Error('the expand pass did not run');
  console.log(
    `expand loop through the engine: ${customers} customers in ${pass.seconds.toFixed(1)} s, ${pass.decisions} decisions, ${pass.failed} failed, peak RSS ${pass.peakMiB.toFixed(0)} MiB`,
  );
  return [
    benchResult(
      `expand loop's scoring pass through the engine, ${customers} customers (customers/s)`,
      customers / pass.seconds,
      'customers/s',
      { name: '1,000,000 customers in 10 s', value: 100_000, target: 1 },
    ),
    benchResult(
      `expand loop's scoring pass through the engine, ${customers} customers, peak RSS`,
      pass.peakMiB,
      'MiB',
    ),
  ];
}

/** The loop pass in a process of its own, so its peak memory is its own. */
export const expandLoopBench = isolated(
  import.meta.url,
  'expand loop pass',
  measure,
  Number(process.env.BENCH_EXPAND_LOOP_CUSTOMERS ?? 100_000),
);
