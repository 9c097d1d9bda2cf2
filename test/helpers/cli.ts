import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import type { AnyLoop } from '../../src/index.js';
import { copyWorkspaceFolder } from '../../src/workspace/index.js';

/** What a CLI run printed and returned. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process with captured output. */
export async function cli(
  argv: string[],
  loops: readonly AnyLoop[] = [],
  clock?: () => Date,
  env: NodeJS.ProcessEnv = {},
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { loops, env, ...(clock ? { clock } : {}) },
    { out: (t) => out.push(t), err: (t) => err.push(t), tty: false },
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * `revloops` on a workspace at the instant `clock` gives: `run` returns the command's result, `json`
 * its `--json` body (a run that exits 1 throws with what it printed).
 */
export function workspaceCli(dir: string, clock: () => Date, env?: NodeJS.ProcessEnv) {
  const run = (...argv: string[]) => cli([...argv, '--workspace', dir], [], clock, env);
  const json = async (...argv: string[]) => {
    const r = await run(...argv, '--json');
    if (r.code === 1) throw new Error(r.err || r.out);
    return { code: r.code, body: JSON.parse(r.out) };
  };
  return { run, json };
}

/** Copies a workspace into a fresh folder. `inRepo` keeps it under the repository so plug-ins resolve packages. */
export function copyWorkspace(from: string, inRepo = false): { dir: string; cleanup: () => void } {
  const base = inRepo ? resolve('test/.tmp') : tmpdir();
  if (inRepo) cpSync(resolve('test/fixtures/.keep-tmp'), base, { recursive: true, force: true });
  const dir = mkdtempSync(join(base, 'ws-'));
  copyWorkspaceFolder(from, dir);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
