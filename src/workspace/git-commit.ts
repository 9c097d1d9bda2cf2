import { execFileSync } from 'node:child_process';
import { relative } from 'node:path';
import { RevloopsError } from '../kernel/index.js';
import { readGitState } from './git.js';

function git(cwd: string, args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (err) {
    const stderr = (err as { stderr?: unknown }).stderr;
    throw new RevloopsError(
      'CONFLICT',
      `git ${args[0]} failed: ${typeof stderr === 'string' && stderr.trim() ? stderr.trim() : String(err)}`,
    );
  }
}

/**
 * Commits exactly one file of a workspace in its git repository, whatever else is staged or
 * changed, and returns the new commit; null when the workspace is not in a git repository. The
 * committer is git's own identity, or `revloops` when git has none configured.
 */
export function commitFile(dir: string, absoluteFile: string, message: string): string | null {
  const state = readGitState(dir);
  if (!state) return null;
  const file = relative(state.root, absoluteFile);
  const identity = (() => {
    try {
      return execFileSync('git', ['config', 'user.email'], { cwd: state.root, encoding: 'utf8' }).trim();
    } catch {
      return '';
    }
  })();
  const who = identity ? [] : ['-c', 'user.name=revloops', '-c', 'user.email=revloops@localhost'];
  git(state.root, ['add', '--', file]);
  git(state.root, [...who, 'commit', '--quiet', '--only', '-m', message, '--', file]);
  return git(state.root, ['rev-parse', 'HEAD']);
}
