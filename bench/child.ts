import { fork } from 'node:child_process';

/**
 * Runs a benchmark module with `--child <n>` in a process of its own, so its peak memory
 * (resourceUsage().maxRSS) is its own and not what earlier benchmarks of the run left; resolves to
 * the message the child sends, or to a sentence saying how the child ended without one.
 */
export function inChild<T>(file: string, n: number): Promise<T | string> {
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
export function childSize(): number | undefined {
  const at = process.argv.indexOf('--child');
  return at >= 0 ? Number(process.argv[at + 1]) : undefined;
}
