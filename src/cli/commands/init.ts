import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { copyWorkspaceFolder, registryFor, workspaceJsonSchema } from '../../workspace/index.js';
import type { CliRuntime } from '../program.js';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples', 'acme');

/** `revloops init [dir]`: scaffolds a workspace from the acme example, with its editor schema. */
export function registerInit(program: Command, rt: CliRuntime): void {
  program
    .command('init [dir]')
    .description('create a new workspace from the acme example (revloops.yaml, loops/, data/, schema)')
    .option('--json', 'print JSON for tools')
    .action(async (dirArg: string | undefined, opts: { json?: boolean }) => {
      const dir = resolve(dirArg ?? '.');
      if (existsSync(dir) && readdirSync(dir).some((f) => f !== '.git')) {
        throw new RevloopsError(
          'CONFLICT',
          `${dir} is not empty; init writes into a new or empty folder only`,
        );
      }
      copyWorkspaceFolder(EXAMPLE, dir, (src) => src.endsWith('revloops.schema.json'));
      const registry = await registryFor(dir, rt.setup.loops ?? []);
      writeFileSync(
        join(dir, 'revloops.schema.json'),
        `${JSON.stringify(workspaceJsonSchema(registry.all()), null, 2)}\n`,
      );
      writeFileSync(join(dir, '.gitignore'), '.revloops/\n');
      const files = readdirSync(dir, { recursive: true }).map(String).sort();
      rt.io.out(
        opts.json
          ? JSON.stringify({ dir, files }, null, 2)
          : [
              `created workspace in ${dir}`,
              ...files.map((f) => `  ${f}`),
              '',
              `next: revloops validate --workspace ${dirArg ?? '.'}`,
            ].join('\n'),
      );
    });
}
