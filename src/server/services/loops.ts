import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { RevloopsError } from '../../kernel/index.js';
import type { LoadedLoop } from '../../workspace/index.js';
import type { ServerContext } from '../context.js';

/** A loop the workspace runs, or LOOP_NOT_FOUND. */
export function loopNamed(ctx: ServerContext, name: string): LoadedLoop {
  const loaded = ctx.engine.workspace.loops.get(name);
  if (!loaded) throw new RevloopsError('LOOP_NOT_FOUND', `no loop ${name} in this workspace`);
  return loaded;
}

/** A loop's current config: parsed, its YAML text, version and source file. */
export function loopConfig(ctx: ServerContext, name: string) {
  const l = loopNamed(ctx, name);
  const yaml =
    l.source === '(defaults)' ? null : readFileSync(join(ctx.engine.workspace.dir, l.source), 'utf8');
  return {
    loop: l.name,
    version: l.version,
    gitSha: l.gitSha,
    source: l.source,
    enabled: l.enabled,
    config: l.config,
    yaml,
  };
}

/** The JSON Schema of a loop's YAML (what editors and the docs use). */
export function loopSchema(ctx: ServerContext, name: string): Record<string, unknown> {
  return z.toJSONSchema(loopNamed(ctx, name).loop.config, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
}
