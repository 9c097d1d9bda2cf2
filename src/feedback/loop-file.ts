import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigPatch } from '../kernel/index.js';
import {
  commitFile,
  governanceOf,
  type LoadedLoop,
  type PatchedLoopFile,
  patchLoopFile,
  type Workspace,
} from '../workspace/index.js';

/** A loop's YAML file: where it is (relative and absolute) and its text now. */
interface LoopFile {
  file: string;
  path: string;
  text: string;
}

/** The file that configures a loop; a loop running on defaults gets `loops/<name>.yaml` with just its name. */
function loopFile(workspace: Workspace, loaded: LoadedLoop): LoopFile {
  const file = loaded.source === '(defaults)' ? join('loops', `${loaded.name}.yaml`) : loaded.source;
  const path = join(workspace.dir, file);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : `loop: ${loaded.name}\n`;
  return { file, path, text };
}

/** The loop's file with patches applied to its current text and config (nothing is written). */
export function patchedFile(
  workspace: Workspace,
  loaded: LoadedLoop,
  patches: readonly ConfigPatch[],
): PatchedLoopFile & { file: string; path: string; before: string } {
  const f = loopFile(workspace, loaded);
  const patched = patchLoopFile({
    loop: loaded.loop,
    file: f.file,
    text: f.text,
    config: loaded.config,
    patches,
  });
  return { ...patched, file: f.file, path: f.path, before: f.text };
}

/**
 * Writes a loop's new text (to a temporary file renamed over the old one, so a reader never sees
 * half a file) and, in a git workspace with `governance.git.commit`, commits that one file.
 * Returns the commit, or null; `undo` puts the old text back (and commits that) if what follows fails.
 */
export function writeLoopFile(
  workspace: Workspace,
  change: { path: string; before: string; text: string },
  message: string,
): { commit: string | null; undo: () => void } {
  const write = (text: string) => {
    const temp = `${change.path}.revloops-tmp`;
    writeFileSync(temp, text);
    renameSync(temp, change.path);
  };
  const commitOn = governanceOf(workspace.config).git.commit;
  write(change.text);
  let commit: string | null;
  try {
    commit = commitOn ? commitFile(workspace.dir, change.path, message) : null;
  } catch (err) {
    write(change.before);
    throw err;
  }
  return {
    commit,
    undo: () => {
      write(change.before);
      if (commit)
        commitFile(
          workspace.dir,
          change.path,
          `Revert: ${message.split('\n')[0]}\n\nThe store could not record the change.`,
        );
    },
  };
}
