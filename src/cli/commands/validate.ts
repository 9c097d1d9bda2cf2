import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { lastSimulation, workspaceStoreLocation } from '../../runtime/index.js';
import { scenarioIssues } from '../../runtime/scenarios.js';
import { openStore, type Store } from '../../store/index.js';
import {
  channelSecretWarnings,
  loadWorkspace,
  readYaml,
  shortVersion,
  type Workspace,
} from '../../workspace/index.js';
import { type CommonOptions, workspaceDir } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

/** A dotted config path as YAML keys: list positions become numbers. */
const yamlPath = (path: string) =>
  path === '' ? [] : path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));

/** Every loop's lint warnings, located in its YAML file: `file:line:column: path: message`. */
function lintWarnings(ws: Workspace): string[] {
  const out: string[] = [];
  for (const l of ws.loops.values()) {
    if (!l.loop.lint) continue;
    let found: readonly { path: string; message: string }[];
    try {
      found = l.loop.lint(l.config);
    } catch (err) {
      found = [
        {
          path: '',
          message: `the lint of loop ${l.name} failed: ${err instanceof Error ? err.message : err}`,
        },
      ];
    }
    if (found.length === 0) continue;
    const source = l.source === '(defaults)' ? undefined : readYaml(join(ws.dir, l.source), ws.dir);
    for (const w of found) {
      const at = source?.locate(yamlPath(w.path));
      const where = source && at ? `${source.file}:${at.line}:${at.column}` : `loop ${l.name} (defaults)`;
      out.push(`${where}: ${w.path ? `${w.path}: ` : ''}${w.message}`);
    }
  }
  return out;
}

/**
 * Rules that matched nothing in the loop's last simulation, for loops whose config names its rules
 * (`rules: [{name}]`): counted on the side of the simulation whose config is the active one now.
 * The store is only read when it exists already; validate never creates one.
 */
async function simulationWarnings(ws: Workspace, env: NodeJS.ProcessEnv): Promise<string[]> {
  const location = workspaceStoreLocation(ws, env);
  if (location.kind === 'sqlite' && !existsSync(location.path)) return [];
  let store: Store;
  try {
    store = await openStore(location);
  } catch {
    return [];
  }
  const out: string[] = [];
  try {
    for (const l of ws.loops.values()) {
      const rules = (l.config as { rules?: unknown }).rules;
      if (!Array.isArray(rules) || l.source === '(defaults)') continue;
      const last = await lastSimulation(store, l.name);
      if (!last) continue;
      const counts =
        last.activeVersion === l.version
          ? last.rules.before
          : last.proposedVersion === l.version
            ? last.rules.after
            : undefined;
      if (!counts) continue;
      const source = readYaml(join(ws.dir, l.source), ws.dir);
      rules.forEach((rule: { name?: unknown }, i) => {
        if (typeof rule.name !== 'string' || (counts[rule.name] ?? 0) > 0) return;
        const at = source.locate(['rules', i, 'name']);
        out.push(
          `${source.file}:${at.line}:${at.column}: rules.${i}.name: rule '${rule.name}' matched nothing in the last simulation (${last.inputs} inputs, ${last.at})`,
        );
      });
    }
  } finally {
    await store.close();
  }
  return out;
}

/** `revloops validate`: checks every file of the workspace (scenarios too) and every chain contract; runs nothing. */
export function registerValidate(program: Command, rt: CliRuntime): void {
  common(program.command('validate'))
    .description('check revloops.yaml, every loops/*.yaml, every scenario and every handoff contract')
    .action(async (opts: CommonOptions) => {
      const ws = await loadWorkspace(workspaceDir(opts), { loops: rt.setup.loops ?? [] });
      const scenarios = scenarioIssues(ws);
      if (scenarios.length > 0)
        throw new RevloopsError(
          'CONFIG_INVALID',
          `the workspace has ${scenarios.length} problem(s) in its scenarios`,
          scenarios,
        );
      // Lint warnings never fail validation: the config is valid, just probably not what was meant.
      const env = rt.setup.env ?? process.env;
      const warnings = [
        ...ws.warnings,
        ...lintWarnings(ws),
        ...channelSecretWarnings(ws.config, readYaml(join(ws.dir, 'revloops.yaml'), ws.dir), env),
        ...(await simulationWarnings(ws, env)),
      ];
      const loops = [...ws.loops.values()].map((l) => ({
        loop: l.name,
        enabled: l.enabled,
        origin: ws.registry.origin(l.name) ?? 'unknown',
        logicVersion: l.loop.version,
        configVersion: l.version,
        source: l.source,
      }));
      emit(
        rt,
        opts,
        {
          ok: true,
          workspace: ws.config.name,
          version: ws.version,
          loops,
          chains: ws.config.chains,
          warnings,
        },
        () => {
          const rows = [['loop', 'enabled', 'origin', 'logic', 'config', 'file']];
          for (const l of loops)
            rows.push([
              l.loop,
              l.enabled ? 'yes' : 'no',
              l.origin,
              l.logicVersion,
              shortVersion(l.configVersion),
              l.source,
            ]);
          const lines = [
            `workspace ${ws.config.name} is valid (${loops.length} loop(s), ${ws.config.chains.length} chain(s))`,
            '',
            table(rows),
          ];
          for (const w of warnings) lines.push(`warning: ${w}`);
          return lines.join('\n');
        },
      );
    });
}
