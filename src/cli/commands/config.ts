import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import {
  type ConfigVersionTable,
  getConfigVersion,
  listConfigVersions,
  type Store,
} from '../../store/index.js';
import { configChanges, shortVersion } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { brief, table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

async function version(store: Store, loop: string, hash: string): Promise<ConfigVersionTable> {
  const found = await getConfigVersion(store.db, loop, hash);
  if (found.length === 0)
    throw new RevloopsError(
      'NOT_FOUND',
      `no config version ${hash} of ${loop} (see revloops config history ${loop})`,
    );
  if (found.length > 1)
    throw new RevloopsError(
      'USAGE',
      `${hash} matches ${found.length} versions of ${loop}; give more characters`,
    );
  return found[0] as ConfigVersionTable;
}

/** `revloops config history|diff`: every config version seen, and what changed between two. */
export function registerConfig(program: Command, rt: CliRuntime): void {
  const config = program.command('config').description('config versions of a loop');
  common(config.command('history <loop>'))
    .description("every version of a loop's config this store has seen (use 'workspace' for revloops.yaml)")
    .action(async (loop: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store, workspace }) => {
        const rows = await listConfigVersions(store.db, loop);
        if (rows.length === 0 && loop !== 'workspace' && !workspace.loops.has(loop))
          throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${loop} in this workspace`);
        const current = loop === 'workspace' ? workspace.version : workspace.loops.get(loop)?.version;
        const out = rows.map((r) => ({
          version: r.hash,
          gitSha: r.git_sha,
          source: r.source,
          firstSeenAt: r.first_seen_at,
          lastSeenAt: r.last_seen_at,
          current: r.hash === current,
        }));
        emit(rt, opts, out, () =>
          table([
            ['version', 'git', 'first seen', 'last seen', ''],
            ...out.map((r) => [
              shortVersion(r.version),
              r.gitSha?.slice(0, 10) ?? 'uncommitted',
              r.firstSeenAt,
              r.lastSeenAt,
              r.current ? '(current)' : '',
            ]),
          ]),
        );
      });
    });
  common(config.command('diff <loop> <v1> <v2>'))
    .description('field-by-field changes between two config versions (a prefix of the hash is enough)')
    .action(async (loop: string, v1: string, v2: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const a = await version(store, loop, v1);
        const b = await version(store, loop, v2);
        const changes = configChanges(JSON.parse(a.content), JSON.parse(b.content));
        emit(rt, opts, { loop, from: a.hash, to: b.hash, changes }, () => {
          const lines = [
            `${loop}: ${shortVersion(a.hash)} → ${shortVersion(b.hash)}, ${changes.length} change(s)`,
          ];
          for (const c of changes) {
            if (c.change === 'added') lines.push(`  + ${c.path}: ${brief(c.to)}`);
            else if (c.change === 'removed') lines.push(`  - ${c.path}: ${brief(c.from)}`);
            else lines.push(`  ~ ${c.path}: ${brief(c.from)} → ${brief(c.to)}`);
          }
          return lines.join('\n');
        });
      });
    });
}
