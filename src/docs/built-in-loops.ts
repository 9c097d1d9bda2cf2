import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type AnyLoop, isLoopDefinition } from '../kernel/index.js';

const LOOPS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'loops');

/**
 * The built-in loops, found as the registry finds them (every `src/loops/<name>/loop` module), but
 * imported with the host's own loader (tsx for `npm run docs`, Vite in tests) so no second
 * TypeScript compiler is started.
 */
export async function builtInLoops(): Promise<AnyLoop[]> {
  const loops = new Set<AnyLoop>();
  for (const entry of readdirSync(LOOPS_DIR).sort()) {
    const file = ['loop.ts', 'loop.js'].map((f) => join(LOOPS_DIR, entry, f)).find((f) => existsSync(f));
    if (!file) continue;
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (isLoopDefinition(value)) loops.add(value);
  }
  return [...loops].sort((a, b) => a.name.localeCompare(b.name));
}
