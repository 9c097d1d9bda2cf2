import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AnyLoop, isLoopDefinition, RevloopsError } from '../kernel/index.js';

/** Where a loop came from. */
type LoopOrigin = 'built-in' | 'plug-in' | 'code';

/** The loops a process knows: built-in, plug-ins from the workspace, and loops passed in code. */
export interface LoopRegistry {
  get(name: string): AnyLoop | undefined;
  origin(name: string): LoopOrigin | undefined;
  all(): AnyLoop[];
}

const BUILT_IN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'loops');
const MODULE_EXT = new Set(['.ts', '.js', '.mjs', '.mts']);

/**
 * TypeScript plug-in modules imported so far, one per file, with its size and modification time. tsx
 * compiles each import in a namespace of its own, module graph included, so a workspace loaded
 * again (validate in a loop, a server reloading after a proposal, tests) reuses the module until
 * its entry file changes, instead of compiling and keeping another copy every time (a change to a
 * file it imports is picked up when the process restarts).
 */
const tsModules = new Map<string, { stamp: string; module: Promise<Record<string, unknown>> }>();

async function importModule(file: string): Promise<Record<string, unknown>> {
  if (!file.endsWith('.ts') && !file.endsWith('.mts'))
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const { mtimeMs, size } = statSync(file);
  const stamp = `${mtimeMs}:${size}`;
  const known = tsModules.get(file);
  if (known?.stamp === stamp) return known.module;
  const module = (async () => {
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
  })();
  // One entry per file: a changed file replaces its earlier module.
  tsModules.set(file, { stamp, module });
  // A failed import is not kept: the next load tries again and reports the error itself.
  module.catch(() => {
    if (tsModules.get(file)?.module === module) tsModules.delete(file);
  });
  return module;
}

function loopFileIn(dir: string): string | undefined {
  for (const name of ['loop.js', 'loop.ts']) {
    const file = join(dir, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Module files in a folder: top-level modules and `<folder>/loop.*` (test files are skipped). */
function moduleFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const files: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) {
      const f = loopFileIn(full);
      if (f) files.push(f);
    } else if (MODULE_EXT.has(extname(entry)) && !/\.(test|spec|d)\.[mc]?[jt]s$/.test(entry)) {
      files.push(full);
    }
  }
  return files;
}

async function loopsIn(file: string): Promise<AnyLoop[]> {
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(file);
  } catch (err) {
    if (err instanceof RevloopsError) throw err;
    throw new RevloopsError(
      'LOOP_INVALID',
      `cannot load loop module ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const found = new Set<AnyLoop>();
  for (const value of Object.values(mod)) if (isLoopDefinition(value)) found.add(value);
  return [...found];
}

/**
 * The built-in loops, imported once per process: they ship with the code that runs them, so a
 * second workspace (a test, a server reloading after an accepted proposal) reuses the modules
 * instead of compiling them again.
 */
let builtInLoops: Promise<{ entry: string; loops: AnyLoop[] }[]> | undefined;

function builtIns(): Promise<{ entry: string; loops: AnyLoop[] }[]> {
  builtInLoops ??= (async () => {
    const out: { entry: string; loops: AnyLoop[] }[] = [];
    if (!existsSync(BUILT_IN_DIR)) return out;
    for (const entry of readdirSync(BUILT_IN_DIR).sort()) {
      const file = loopFileIn(join(BUILT_IN_DIR, entry));
      if (file) out.push({ entry, loops: await loopsIn(file) });
    }
    return out;
  })();
  // A failed import is not kept: the next workspace tries again and reports the error itself.
  builtInLoops.catch(() => {
    builtInLoops = undefined;
  });
  return builtInLoops;
}

/**
 * Builds the registry: the built-in loops (every `src/loops/<name>/loop` module, discovered, so a
 * new loop folder needs no other change), plug-in folders, then loops given in code.
 */
export async function buildRegistry(
  options: { pluginDirs?: readonly string[]; loops?: readonly AnyLoop[]; base?: string } = {},
): Promise<LoopRegistry> {
  const loops = new Map<string, { loop: AnyLoop; origin: LoopOrigin; file: string }>();
  const add = (loop: AnyLoop, origin: LoopOrigin, file: string) => {
    const existing = loops.get(loop.name);
    if (existing && existing.loop !== loop) {
      throw new RevloopsError(
        'LOOP_INVALID',
        `two loops are named ${loop.name}: ${existing.origin} (${existing.file}) and ${origin} (${file}); rename one`,
      );
    }
    loops.set(loop.name, { loop, origin, file });
  };
  for (const { entry, loops: found } of await builtIns())
    for (const loop of found) add(loop, 'built-in', `loops/${entry}`);
  for (const dir of options.pluginDirs ?? []) {
    for (const file of moduleFiles(dir)) {
      for (const loop of await loopsIn(file))
        add(loop, 'plug-in', options.base ? relative(options.base, file) : file);
    }
  }
  for (const loop of options.loops ?? []) add(loop, 'code', '(code)');
  return {
    get: (name) => loops.get(name)?.loop,
    origin: (name) => loops.get(name)?.origin,
    all: () => [...loops.values()].map((l) => l.loop).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
