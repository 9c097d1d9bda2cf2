import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { registryFor, workspaceJsonSchema } from '../../workspace/index.js';
import { type CommonOptions, workspaceDir } from '../context.js';
import type { CliRuntime } from '../program.js';

/** `revloops schema`: prints (or writes) the JSON Schema of every workspace file, for editors and CI. */
export function registerSchema(program: Command, rt: CliRuntime): void {
  program
    .command('schema')
    .description('print the JSON Schema of revloops.yaml and loops/*.yaml (for the YAML language server)')
    .option(
      '-w, --workspace <dir>',
      'include the plug-in loops of this workspace (default: the current folder)',
    )
    .option('-o, --out <file>', 'write the schema to this file instead of printing it')
    .option('--json', 'accepted for symmetry: the schema is always JSON')
    .action(async (opts: CommonOptions & { out?: string }) => {
      const registry = await registryFor(workspaceDir(opts), rt.setup.loops ?? []);
      const text = `${JSON.stringify(workspaceJsonSchema(registry.all()), null, 2)}\n`;
      if (opts.out) {
        writeFileSync(resolve(opts.out), text);
        rt.io.err(`wrote ${opts.out}`);
      } else {
        rt.io.out(text.trimEnd());
      }
    });
}
