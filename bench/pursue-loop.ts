/**
 * The pursue loop's daily pass through the engine over N open deals (see loop-pass.ts): the first
 * pass (every deal new to the loop) and the next day's. Runnable alone:
 * `node --import tsx bench/pursue-loop.ts` (BENCH_PURSUE_LOOP_DEALS, default 100,000).
 */

import { isolated } from './child.js';
import { passesThroughEngine } from './loop-pass.js';
import { NOW, seed } from './pursue.js';
import { type BenchResult, benchResult, budget } from './results.js';

const DAY = 86_400_000;

async function measure(deals: number): Promise<BenchResult[]> {
  const won = Math.max(1_000, Math.round(deals / 20));
  const [first, next] = await passesThroughEngine('pursue', (path) => seed(path, deals, won, 'bench-'), [
    NOW,
    NOW + DAY,
  ]);
  if (!first || !next) throw new Error('the pursue passes did not run');
  for (const [name, p] of [
    ['first pass', first],
    ['next day', next],
  ] as const)
    console.log(
      `pursue loop through the engine, ${name}: ${deals} open deals in ${p.seconds.toFixed(1)} s, ${p.decisions} decisions, ${p.failed} failed, peak RSS ${p.peakMiB.toFixed(0)} MiB`,
    );
  const target = { name: '1M open deals in 5 s', value: 200_000, target: 1 };
  return [
    benchResult(
      `pursue loop's daily pass through the engine, ${deals} open deals, first pass (deals/s)`,
      deals / first.seconds,
      'deals/s',
      target,
    ),
    benchResult(
      `pursue loop's daily pass through the engine, ${deals} open deals, next day (deals/s)`,
      deals / next.seconds,
      'deals/s',
      target,
    ),
    budget(
      `pursue loop's daily passes through the engine, ${deals} open deals, peak RSS`,
      Math.max(first.peakMiB, next.peakMiB),
      'MiB',
      1024,
      'budget 1 GB',
    ),
  ];
}

/** The loop pass in a process of its own, so its peak memory is its own. */
export const pursueLoopBench = isolated(
  import.meta.url,
  'pursue loop pass',
  measure,
  Number(process.env.BENCH_PURSUE_LOOP_DEALS ?? 100_000),
);
