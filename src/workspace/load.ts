import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { type AnyLoop, type Issue, RevloopsError } from '../kernel/index.js';
import { contentHash } from './canonical.js';
import { checkChains } from './chains.js';
import { checkChannels } from './channels-check.js';
import { commitOf, readGitState } from './git.js';
import { checkGovernance } from './governance-check.js';
import { buildRegistry, type LoopRegistry } from './registry.js';
import { checkSchedules } from './schedules.js';
import type { LoadedLoop, Workspace } from './types.js';
import { WorkspaceConfig } from './workspace-config.js';
import { readYaml, validateYaml, zodIssues } from './yaml-source.js';

/** Options for loading a workspace. */
export interface LoadOptions {
  /** Loops defined in code (tests, embedding applications) added to the registry. */
  loops?: readonly AnyLoop[];
}

function loopFiles(dir: string): string[] {
  const loopsDir = join(dir, 'loops');
  if (!existsSync(loopsDir)) return [];
  return readdirSync(loopsDir)
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join(loopsDir, f));
}

function loadLoopFile(
  file: string,
  dir: string,
  registry: LoopRegistry,
  issues: Issue[],
  name: string = basename(file).replace(/\.ya?ml$/, ''),
): { name: string; loop: AnyLoop; config: unknown; source: string } | undefined {
  let source: ReturnType<typeof readYaml>;
  try {
    source = readYaml(file, dir);
  } catch (err) {
    if (err instanceof RevloopsError) issues.push(...err.issues);
    return undefined;
  }
  const loop = registry.get(name);
  if (!loop) {
    const known =
      registry
        .all()
        .map((l) => l.name)
        .join(', ') || 'none';
    issues.push({
      file: source.file,
      line: 1,
      column: 1,
      path: '',
      message: `no loop named ${name} (known loops: ${known})`,
    });
    return undefined;
  }
  const data = (source.data ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) {
    issues.push({
      file: source.file,
      line: 1,
      column: 1,
      path: '',
      message: 'expected a mapping of config fields',
    });
    return undefined;
  }
  if (data.loop !== name) {
    const { line, column } = source.locate(['loop']);
    issues.push({
      file: source.file,
      line,
      column,
      path: 'loop',
      message: `expected "loop: ${name}" (the file configures loop ${name})`,
    });
    return undefined;
  }
  const { loop: _name, ...rest } = data;
  const parsed = loop.config.safeParse(rest);
  if (!parsed.success) {
    issues.push(...zodIssues(source, parsed.error));
    return undefined;
  }
  return { name, loop, config: parsed.data, source: source.file };
}

/** Loads revloops.yaml, the loop files and the plug-ins; throws CONFIG_INVALID listing every problem. */
export async function loadWorkspace(dirArg: string, options: LoadOptions = {}): Promise<Workspace> {
  const dir = resolve(dirArg);
  const mainFile = join(dir, 'revloops.yaml');
  if (!existsSync(mainFile)) {
    throw new RevloopsError(
      'WORKSPACE_NOT_FOUND',
      `no revloops.yaml in ${dir}: pass --workspace <dir> or run revloops init`,
    );
  }
  const main = readYaml(mainFile, dir);
  const config = validateYaml(main, WorkspaceConfig);
  const registry = await buildRegistry({
    pluginDirs: config.plugins.map((p) => resolve(dir, p)),
    loops: options.loops ?? [],
    base: dir,
  });
  const git = readGitState(dir);
  const issues: Issue[] = [];
  // A plug-in folder revloops.yaml names and that is not there: its loops would be reported as
  // unknown, far from the cause. The default folder (plugins/) may be absent.
  const named = (main.data as { plugins?: unknown } | null)?.plugins;
  if (Array.isArray(named))
    config.plugins.forEach((p, i) => {
      const folder = resolve(dir, p);
      if (existsSync(folder) && statSync(folder).isDirectory()) return;
      issues.push({
        file: main.file,
        ...main.locate(['plugins', i]),
        path: `plugins.${i}`,
        message: `plug-in folder ${p} does not exist: expected a folder of plug-in loops (a path relative to the workspace folder)`,
      });
    });
  const warnings: string[] = [];
  const loops = new Map<string, LoadedLoop>();
  // Loops whose file is there but failed to load: their issues are reported already.
  const failed = new Set<string>();
  for (const file of loopFiles(dir)) {
    const loaded = loadLoopFile(file, dir, registry, issues);
    if (!loaded) {
      failed.add(basename(file).replace(/\.ya?ml$/, ''));
      continue;
    }
    const enabled = config.loops.includes(loaded.name);
    if (!enabled)
      warnings.push(`${loaded.source}: loop ${loaded.name} is configured but not enabled in revloops.yaml`);
    loops.set(loaded.name, {
      ...loaded,
      enabled,
      version: contentHash(loaded.config),
      gitSha: commitOf(git, file),
    });
  }
  config.loops.forEach((name, i) => {
    if (loops.has(name) || failed.has(name)) return;
    const { line, column } = main.locate(['loops', i]);
    const loop = registry.get(name);
    if (!loop) {
      issues.push({
        file: main.file,
        line,
        column,
        path: `loops.${i}`,
        message: `no loop named ${name} (built-in or plug-in)`,
      });
      return;
    }
    const parsed = loop.config.safeParse({});
    if (!parsed.success) {
      issues.push({
        file: main.file,
        line,
        column,
        path: `loops.${i}`,
        message: `loop ${name} needs loops/${name}.yaml: its config has required fields`,
      });
      return;
    }
    loops.set(name, {
      name,
      loop,
      config: parsed.data,
      version: contentHash(parsed.data),
      gitSha: git?.head ?? null,
      source: '(defaults)',
      enabled: true,
    });
  });
  if (issues.length === 0)
    issues.push(
      ...checkSchedules(loops.values(), dir),
      ...checkChains(config, main, loops),
      ...checkGovernance(config, main, loops),
      ...checkChannels(config, main),
    );
  if (issues.length > 0) {
    throw new RevloopsError('CONFIG_INVALID', `the workspace has ${issues.length} problem(s)`, issues);
  }
  return {
    dir,
    config,
    version: contentHash(config),
    gitSha: commitOf(git, mainFile),
    registry,
    loops,
    warnings,
  };
}

/**
 * A loop config file outside the workspace's loops/ folder (a proposed change, a simulation's
 * config), validated like loops/<loop>.yaml: it must say `loop: <loop>`, and every problem is
 * reported with its file, line and path. Throws CONFIG_INVALID; returns the loop with that config.
 */
export function loadLoopConfigFile(workspace: Workspace, file: string, loop: string): LoadedLoop {
  const issues: Issue[] = [];
  const path = resolve(file);
  if (!existsSync(path)) throw new RevloopsError('NOT_FOUND', `no such config file: ${file}`);
  const loaded = loadLoopFile(path, workspace.dir, workspace.registry, issues, loop);
  if (!loaded) throw new RevloopsError('CONFIG_INVALID', `${file} has ${issues.length} problem(s)`, issues);
  return { ...loaded, version: contentHash(loaded.config), gitSha: null, enabled: true };
}

/**
 * The loops a workspace folder can use (built-in, its plug-ins, and `loops`), without validating
 * its config files: `schema` must work on a workspace that does not validate yet.
 */
export async function registryFor(dirArg: string, loops: readonly AnyLoop[] = []): Promise<LoopRegistry> {
  const dir = resolve(dirArg);
  const mainFile = join(dir, 'revloops.yaml');
  let plugins: string[] = [];
  if (existsSync(mainFile)) {
    const parsed = WorkspaceConfig.shape.plugins.safeParse(
      (readYaml(mainFile, dir).data as { plugins?: unknown } | null)?.plugins,
    );
    plugins = parsed.success ? parsed.data : ['plugins'];
  }
  return buildRegistry({ pluginDirs: plugins.map((p) => resolve(dir, p)), loops, base: dir });
}
