import { type ErrorCode, formatIssue, type RevloopsError } from '../kernel/index.js';

/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** True when stdout is a terminal (progress bars only then). */
  tty: boolean;
}

/** The process's own streams. */
export const processIo: CliIo = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  tty: Boolean(process.stdout.isTTY),
};

/** Exit codes: 0 ok, 1 error, 2 changes pending (plan-like commands). */
export const EXIT = { ok: 0, error: 1, changes: 2 } as const;

/** The exit code of an error code (the same mapping for every command). */
export function exitCodeOf(_code: ErrorCode): number {
  return EXIT.error;
}

/** Prints an error for people (file:line:column path: message) or as JSON. */
export function printError(io: CliIo, err: RevloopsError, json: boolean): void {
  if (json) {
    io.out(JSON.stringify({ error: err.toJSON() }, null, 2));
    return;
  }
  io.err(`error [${err.code}]: ${err.message}`);
  for (const issue of err.issues) io.err(`  ${formatIssue(issue)}`);
}

/** Prints rows as an aligned text table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A compact one-line rendering of a JSON value. */
export function brief(value: unknown, max = 100): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
