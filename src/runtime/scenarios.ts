import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type Issue, type Json, RevloopsError } from '../kernel/index.js';
import { overlay } from '../planning/inherit.js';
import { readYaml } from '../workspace/index.js';
import type { YamlSource } from '../workspace/yaml-source.js';

/** A scenario read from `scenarios/<name>/scenario.yaml` with what it inherits folded in. */
export interface ResolvedScenario {
  name: string;
  /** The scenario itself first, then what it inherits from, in order. */
  chain: string[];
  data: Json;
  sources: YamlSource[];
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** The file of a scenario, relative to the workspace. */
function scenarioFile(name: string): string {
  return join('scenarios', name, 'scenario.yaml');
}

/** Reads a scenario and the scenarios it inherits from, and folds them (nothing is validated yet). */
export function resolveScenario(dir: string, name: string): ResolvedScenario {
  const chain: string[] = [];
  const sources: YamlSource[] = [];
  let next: string | undefined = name;
  while (next !== undefined) {
    if (!NAME.test(next))
      throw new RevloopsError(
        'USAGE',
        `scenario names are letters, digits, dot, dash and underscore: ${next}`,
      );
    if (chain.includes(next))
      throw new RevloopsError(
        'CONFIG_INVALID',
        `scenario ${name} inherits in a circle: ${[...chain, next].join(' → ')}`,
      );
    const file = join(dir, scenarioFile(next));
    if (!existsSync(file))
      throw new RevloopsError('NOT_FOUND', `no scenario ${next}: expected ${scenarioFile(next)}`);
    const source = readYaml(file, dir);
    chain.push(next);
    sources.push(source);
    const inherits = (source.data as { inherits?: unknown } | null)?.inherits;
    next = typeof inherits === 'string' ? inherits : undefined;
  }
  let data: Json = {};
  for (const s of [...sources].reverse()) data = overlay(data, (s.data ?? {}) as Json);
  const { inherits: _i, ...rest } = data as Record<string, Json>;
  return { name, chain, data: { ...rest, name }, sources };
}

/** Whether a YAML file states the path itself (not only a parent of it). */
function states(source: YamlSource, path: readonly PropertyKey[]): boolean {
  let v: unknown = source.data;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return false;
    v = (v as Record<PropertyKey, unknown>)[k];
    if (v === undefined) return false;
  }
  return true;
}

/** Checks a resolved scenario against a schema; each problem names the file (of the chain) that sets the field, and its line. */
export function validateScenario<T>(resolved: ResolvedScenario, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(resolved.data);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = parsed.error.issues.map((i) => {
    // Paths into merged lists count items of the merged list; the nearest file stating the top key is named.
    const source =
      resolved.sources.find((s) => states(s, i.path)) ??
      resolved.sources.find((s) => states(s, i.path.slice(0, 1))) ??
      (resolved.sources[0] as YamlSource);
    const { line, column } = source.locate(i.path);
    return { file: source.file, line, column, path: i.path.map(String).join('.'), message: i.message };
  });
  throw new RevloopsError('CONFIG_INVALID', `scenario ${resolved.name} is not valid`, issues);
}
