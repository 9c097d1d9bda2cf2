import type { Command } from 'commander';
import { batchedLines, prettyJsonLines } from '../runtime/index.js';
import type { CliSetup, CommonOptions } from './context.js';
import type { CliIo } from './io.js';

/** What each command file gets to register itself and report its result. */
export interface CliRuntime {
  io: CliIo;
  setup: CliSetup;
  /** Sets the process exit code (0 ok, 1 error, 2 changes pending). */
  exit(code: number): void;
}

/** Adds the options every command has. */
export function common(cmd: Command): Command {
  return cmd
    .option('-w, --workspace <dir>', 'the workspace folder (default: the current folder)')
    .option('--json', 'print JSON for tools instead of text for people');
}

/** Prints a value as JSON, or text for people. */
export function emit(rt: CliRuntime, opts: CommonOptions, value: unknown, human: () => string): void {
  rt.io.out(opts.json ? JSON.stringify(value, null, 2) : human());
}

/**
 * Like emit, for output that may be longer than one string can hold (a plan of a million records):
 * the JSON or the text lines go out in pieces of about a megabyte, each ending at a line.
 */
export function emitLines(
  rt: CliRuntime,
  opts: CommonOptions,
  value: unknown,
  human: () => Iterable<string>,
): void {
  for (const piece of batchedLines(opts.json ? prettyJsonLines(value) : human())) rt.io.out(piece);
}
