import { execFileSync } from 'node:child_process';

/** What git says about a workspace: its HEAD commit and the files changed since. */
export interface GitState {
  head: string;
  dirty: ReadonlySet<string>;
  root: string;
}

function git(dir: string, args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

/** Reads the git state of a folder, or null when it is not in a git repository with a commit. */
export function readGitState(dir: string): GitState | null {
  const root = git(dir, ['rev-parse', '--show-toplevel']);
  const head = root === null ? null : git(dir, ['rev-parse', 'HEAD']);
  if (root === null || head === null) return null;
  const status = git(root, ['status', '--porcelain', '--untracked-files=all']) ?? '';
  const dirty = new Set(
    status
      .split('\n')
      .filter((l) => l.length > 3)
      .map((l) => l.slice(3).replace(/^"|"$/g, '')),
  );
  return { head, dirty, root };
}

/** The commit a file's content belongs to: HEAD when the file is committed unchanged, else null. */
export function commitOf(state: GitState | null, absolutePath: string): string | null {
  if (!state) return null;
  const rel = absolutePath.startsWith(`${state.root}/`)
    ? absolutePath.slice(state.root.length + 1)
    : absolutePath;
  return state.dirty.has(rel) ? null : state.head;
}
