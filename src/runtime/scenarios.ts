import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { type Issue, type Json, RevloopsError } from '../kernel/index.js';
import { mergeLayers } from '../planning/inherit.js';
import { Scenario } from '../planning/scenario.js';
import { type LoadedLoop, readYaml, type Workspace, zodIssues } from '../workspace/index.js';
import { describeZodIssue, type YamlSource } from '../workspace/yaml-source.js';

/** A scenario read from `scenarios/<name>/scenario.yaml` with what it inherits folded in. */
export interface ResolvedScenario {
  name: string;
  /** The scenario itself first, then what it inherits from, in order. */
  chain: string[];
  data: Json;
  sources: YamlSource[];
  /** Problems of the folding itself (a `remove: true` that matches no inherited item), located. */
  problems: Issue[];
  /**
   * A problem at `path` of `data`, located where the value is written: the scenario's own file, or
   * the file of the scenario it is inherited from (and the message says through which).
   */
  issueAt(path: readonly PropertyKey[], message: string): Issue;
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** The file of a scenario, relative to the workspace. */
function scenarioFile(name: string): string {
  return join('scenarios', name, 'scenario.yaml');
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Reads the files of a scenario's chain: the scenario, then each it inherits from. */
function readChain(dir: string, name: string): { chain: string[]; sources: YamlSource[] } {
  const chain = [name];
  const sources = [readYaml(join(dir, scenarioFile(name)), dir)];
  for (;;) {
    const source = sources.at(-1) as YamlSource;
    const refuse = (path: string, message: string) => {
      const { line, column } = source.locate(path === '' ? [] : [path]);
      return new RevloopsError('CONFIG_INVALID', `scenario ${name} is not valid`, [
        { file: source.file, line, column, path, message },
      ]);
    };
    if (!isMapping(source.data)) throw refuse('', 'expected a mapping of scenario fields');
    if (!Object.hasOwn(source.data, 'inherits')) return { chain, sources };
    const parent = source.data.inherits;
    if (typeof parent !== 'string' || !NAME.test(parent))
      throw refuse(
        'inherits',
        `expected the name of a scenario (a folder under scenarios/), got ${JSON.stringify(parent)}`,
      );
    if (chain.includes(parent))
      throw refuse('inherits', `scenarios inherit in a circle: ${[...chain, parent].join(' → ')}`);
    if (!existsSync(join(dir, scenarioFile(parent))))
      throw refuse('inherits', `no scenario ${parent}: expected ${scenarioFile(parent)}`);
    chain.push(parent);
    sources.push(readYaml(join(dir, scenarioFile(parent)), dir));
  }
}

/** Reads a scenario and the scenarios it inherits from, and folds them (only the chain is checked yet). */
export function resolveScenario(dir: string, name: string): ResolvedScenario {
  if (!NAME.test(name))
    throw new RevloopsError('USAGE', `scenario names are letters, digits, dot, dash and underscore: ${name}`);
  if (!existsSync(join(dir, scenarioFile(name))))
    throw new RevloopsError('NOT_FOUND', `no scenario ${name}: expected ${scenarioFile(name)}`);
  const { chain, sources } = readChain(dir, name);
  const merged = mergeLayers(sources.map((s) => s.data as Json));
  const issueAt = (path: readonly PropertyKey[], message: string): Issue => {
    const origin = merged.originOf(path);
    const source = sources[origin.layer] as YamlSource;
    const { line, column } = source.locate(origin.path);
    const through = chain.slice(1, origin.layer);
    const inherited =
      origin.layer === 0
        ? ''
        : ` (inherited by ${name} from ${chain[origin.layer]}${through.length > 0 ? ` through ${through.join(', ')}` : ''})`;
    return {
      file: source.file,
      line,
      column,
      path: origin.path.join('.'),
      message: `${message}${inherited}`,
    };
  };
  const problems = merged.unmatchedRemovals.map((o) => {
    const source = sources[o.layer] as YamlSource;
    const { line, column } = source.locate(o.path);
    const from = chain.slice(o.layer + 1).join(', ');
    return {
      file: source.file,
      line,
      column,
      path: o.path.join('.'),
      message: `remove: true matches no item inherited from ${from} (check the id)`,
    };
  });
  const { inherits: _i, ...rest } = merged.data as Record<string, Json>;
  return { name, chain, data: { ...rest, name }, sources, problems, issueAt };
}

/** A zod issue's paths: an unknown field is located at the field itself, one issue each. */
function issuePaths(i: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  if (i.code === 'unrecognized_keys')
    return i.keys.map((k) => ({ path: [...i.path, k], message: describeZodIssue({ ...i, keys: [k] }) }));
  return [{ path: i.path, message: describeZodIssue(i) }];
}

/** Checks a resolved scenario against a schema; each problem names the file and line where the value is written. */
export function validateScenario<T>(resolved: ResolvedScenario, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(resolved.data);
  if (parsed.success && resolved.problems.length === 0) return parsed.data;
  const found = parsed.success ? [] : parsed.error.issues.flatMap(issuePaths);
  const issues = [...resolved.problems, ...found.map((f) => resolved.issueAt(f.path, f.message))];
  throw new RevloopsError('CONFIG_INVALID', `scenario ${resolved.name} is not valid`, issues);
}

/** The issues of a refusal; a refusal without located issues becomes one issue on `file`. */
function issuesOf(err: unknown, file: string): Issue[] {
  if (!(err instanceof RevloopsError)) throw err;
  return err.issues.length > 0 ? [...err.issues] : [{ file, path: '', message: err.message }];
}

/**
 * A modeling loop's own input file in a scenario (`scenarios/<name>/<loop>.yaml` or
 * `scenarios/<name>.yaml`), checked against the loop's input; a problem is located in the file.
 */
export function readLoopInput(dir: string, loaded: LoadedLoop, file: string): Json {
  const source = readYaml(file, dir);
  const parsed = loaded.loop.input.safeParse(source.data);
  if (!parsed.success)
    throw new RevloopsError(
      'CONFIG_INVALID',
      `${source.file} is not a valid input for ${loaded.name}`,
      zodIssues(source, parsed.error),
    );
  return source.data as Json;
}

/** The input files of modeling loops in one scenario folder (`scenarios/<name>/<loop>.yaml`), checked. */
function loopInputIssues(workspace: Workspace, name: string): Issue[] {
  const issues: Issue[] = [];
  for (const loaded of workspace.loops.values()) {
    if (!loaded.loop.triggers.some((t) => t.kind === 'model')) continue;
    const file = join(workspace.dir, 'scenarios', name, `${loaded.name}.yaml`);
    if (!existsSync(file)) continue;
    try {
      readLoopInput(workspace.dir, loaded, file);
    } catch (err) {
      issues.push(...issuesOf(err, join('scenarios', name, `${loaded.name}.yaml`)));
    }
  }
  return issues;
}

/**
 * Every problem of every scenario of a workspace: each `scenarios/<name>/scenario.yaml` resolved
 * through what it inherits and checked, each modeling loop's `scenarios/<name>/<loop>.yaml`, and
 * the active scenario revloops.yaml names. Each is located where the offending value is written.
 */
export function scenarioIssues(workspace: Workspace): Issue[] {
  const folder = join(workspace.dir, 'scenarios');
  const names = existsSync(folder)
    ? readdirSync(folder, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort()
    : [];
  const issues: Issue[] = [];
  const active = workspace.config.scenario;
  if (active !== undefined && !existsSync(join(workspace.dir, scenarioFile(active)))) {
    const main = readYaml(join(workspace.dir, 'revloops.yaml'), workspace.dir);
    const { line, column } = main.locate(['scenario']);
    issues.push({
      file: main.file,
      line,
      column,
      path: 'scenario',
      message: `no scenario ${active}: expected ${scenarioFile(active)}`,
    });
  }
  for (const name of names) {
    const file = scenarioFile(name);
    if (existsSync(join(workspace.dir, file))) {
      try {
        validateScenario(resolveScenario(workspace.dir, name), Scenario);
      } catch (err) {
        issues.push(...issuesOf(err, file));
      }
    }
    issues.push(...loopInputIssues(workspace, name));
  }
  // A file every chain reads (a parent that is not valid YAML) is refused once per chain: list it once.
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([i.file, i.line, i.column, i.path, i.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
