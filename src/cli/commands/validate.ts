import type { Command } from 'commander';
import { loadWorkspace, shortVersion } from '../../workspace/index.js';
import { type CommonOptions, workspaceDir } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

/** `revloops validate`: checks every file of the workspace and every chain contract; runs nothing. */
export function registerValidate(program: Command, rt: CliRuntime): void {
  common(program.command('validate'))
    .description('check revloops.yaml, every loops/*.yaml and every handoff contract')
    .action(async (opts: CommonOptions) => {
      const ws = await loadWorkspace(workspaceDir(opts), { loops: rt.setup.loops ?? [] });
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
          warnings: ws.warnings,
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
          for (const w of ws.warnings) lines.push(`warning: ${w}`);
          return lines.join('\n');
        },
      );
    });
}
