import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReferenceFiles } from './reference.js';

/** Where the generated reference lives in the repository. */
const REFERENCE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'reference');

/** The committed reference pages that differ from `expected`, are missing, or are left over. */
export function staleReferenceFiles(expected: ReferenceFiles, dir = REFERENCE_DIR): string[] {
  const read = (f: string) => {
    try {
      return readFileSync(join(dir, f), 'utf8');
    } catch {
      return undefined;
    }
  };
  const stale = [...expected].filter(([f, text]) => read(f) !== text).map(([f]) => f);
  const committed = ['README.md', 'revloops-yaml.md', ...listLoopPages(dir).map((f) => `loops/${f}`)];
  return [...stale, ...committed.filter((f) => !expected.has(f) && read(f) !== undefined)];
}

function listLoopPages(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'loops')).filter((f) => f.endsWith('.md'));
  } catch {
    return [];
  }
}

/** Brings the committed pages in line with `files`; returns what it wrote or removed. */
export function writeReference(files: ReferenceFiles, dir = REFERENCE_DIR): string[] {
  const changed = staleReferenceFiles(files, dir);
  for (const f of changed) {
    const text = files.get(f);
    const target = join(dir, f);
    if (text === undefined) rmSync(target);
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    }
  }
  return changed;
}
