import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type BenchResult, benchResult, printResults } from './results.js';

/**
 * Runs a benchmark module with `--child <n>` in a process of its own, so its peak memory
 * (resourceUsage().maxRSS) is its own and not what earlier benchmarks of the run left; resolves to
 * the message the child sends, or to a sentence saying how the child ended without one.
 */
function inChild<T>(file: string, n: number): Promise<T | string> {
  const proc = fork(file, ['--child', String(n)], {
    execArgv: ['--import', 'tsx', '--max-old-space-size=16384'],
  });
  return new Promise<T | string>((resolve) => {
    proc.once('message', (m: T) => resolve(m));
    proc.once('exit', (code, signal) =>
      resolve(`the benchmark process ended with ${signal ?? `exit ${code}`}`),
    );
  });
}

/** The size a module run as a child was given (`--child <n>`), or undefined when it runs on its own. */
function childSize(): number | undefined {
  const at = process.argv.indexOf('--child');
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
}

/**
 * A benchmark that runs in a process of its own: the function returned forks the module, which
 * measures and sends its rows back. Run directly (`node --import tsx bench/x.ts`), the module
 * measures in place.
 */
export function isolated(
  moduleUrl: string,
  label: string,
  measure: (n: number) => Promise<BenchResult[]>,
  fallback: number,
): (n: number) => Promise<BenchResult[]> {
  const file = fileURLToPath(moduleUrl);
  if (process.argv[1] === file) {
    const n = childSize();
    void (n !== undefined
      ? measure(n).then((rows) => process.send?.(rows, () => process.disconnect()))
      : measure(fallback).then((rows) => printResults(rows)));
  }
  return async (n) => {
    const rows = await inChild<BenchResult[]>(file, n);
    if (typeof rows !== 'string') return rows;
    console.log(`${label}: ${rows}`);
    return [benchResult(`${label}, ${n.toLocaleString('en-US')}: did not finish`, 0, 's')];
  };
}
