import { Presets, SingleBar } from 'cli-progress';
import type { IntakeProgress, LocatedMapping, RejectedRow } from '../runtime/intake/index.js';
import type { CliRuntime } from './program.js';

/** A progress bar over a file being read. */
export interface FileProgress {
  update(progress: IntakeProgress): void;
  stop(): void;
}

/** A progress bar on stderr while a file is read; it draws nothing unless the output is a terminal. */
export function fileProgress(rt: CliRuntime, label: string): FileProgress {
  if (!rt.io.tty) return { update: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {rows} rows | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update: (p) => {
      if (!started) bar.start(Math.max(p.totalBytes, 1), 0, { rows: 0 });
      started = true;
      bar.update(p.bytes, { rows: p.rows });
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}

/** The first `limit` rejected rows as `row N: reason` lines, and how many more there are. */
export function rejectedLines(rejected: readonly RejectedRow[], limit = 20): string[] {
  const lines = rejected.slice(0, limit).map((r) => `  row ${r.row}: ${r.reason}`);
  if (rejected.length > limit)
    lines.push(`  … ${rejected.length - limit} more rejected row(s); --json lists them all`);
  return lines;
}

/** True when a file had rows and every one was rejected: the command failed. */
export function allRejected(report: { read: number; rejected: readonly RejectedRow[] }): boolean {
  return report.read > 0 && report.rejected.length === report.read;
}

/** Where the mapping came from, for tools: its file and the path in it, or null without one. */
export function mappingSource(m: LocatedMapping | null): { file: string; path: string | null } | null {
  return m
    ? { file: m.origin.file, path: m.origin.prefix.length > 0 ? m.origin.prefix.join('.') : null }
    : null;
}
