import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { isScalar, isSeq, parseDocument } from 'yaml';

/**
 * Copies a workspace folder, without its `.revloops` state (and without what `skip` names). A
 * plug-in folder the workspace names outside itself (`plugins: [../plugins]`) is not copied: the
 * copy's revloops.yaml points at it where it is, by absolute path, so its modules keep resolving
 * `revloops` and their other imports from where they were installed.
 */
export function copyWorkspaceFolder(from: string, to: string, skip?: (path: string) => boolean): void {
  const source = resolve(from);
  const state = join(source, '.revloops');
  cpSync(source, to, {
    recursive: true,
    filter: (path) => path !== state && !path.startsWith(`${state}/`) && !skip?.(path),
  });
  const file = join(to, 'revloops.yaml');
  if (!existsSync(file)) return;
  const doc = parseDocument(readFileSync(file, 'utf8'));
  const plugins = doc.get('plugins', true);
  if (!isSeq(plugins)) return;
  let changed = false;
  for (const item of plugins.items) {
    if (!isScalar(item) || typeof item.value !== 'string' || isAbsolute(item.value)) continue;
    const outside = relative(resolve(to), resolve(to, item.value)).startsWith('..');
    const original = resolve(source, item.value);
    if (!outside || !existsSync(original)) continue;
    item.value = original;
    changed = true;
  }
  if (changed) writeFileSync(file, doc.toString({ lineWidth: 0 }));
}
