import type { Command } from 'commander';
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
