import { z } from 'zod';
import { sinceInstant } from '../../cli/commands/route.js';
import { metricsReport } from '../../feedback/index.js';
import { RevloopsError } from '../../kernel/index.js';
import { type ConfigVersionTable, getConfigVersion, listConfigVersions } from '../../store/index.js';
import { configChanges } from '../../workspace/index.js';
import type { ServerContext } from '../context.js';
import { defineRoute } from '../route.js';
import { Json, JsonObject, LoopParams, Since } from '../schemas.js';
import { loopConfig, loopNamed, loopSchema } from '../services/loops.js';

const ALL = ['admin', 'ops', 'manager', 'rep', 'agent'] as const;
const CONFIG_READERS = ['admin', 'ops', 'manager', 'agent'] as const;

async function version(ctx: ServerContext, loop: string, hash: string): Promise<ConfigVersionTable> {
  const found = await getConfigVersion(ctx.engine.store.db, loop, hash);
  if (found.length !== 1)
    throw new RevloopsError(
      found.length === 0 ? 'NOT_FOUND' : 'USAGE',
      found.length === 0
        ? `no config version ${hash} of ${loop}`
        : `${hash} matches several versions of ${loop}`,
      [{ path: 'query', message: 'expected a version hash (or a unique prefix)' }],
    );
  return found[0] as ConfigVersionTable;
}

/** Loops: their config, schema, versions and diffs, and metrics. */
export const loopRoutes = [
  defineRoute({
    method: 'GET',
    url: '/v1/loops',
    tag: 'loops',
    summary: 'The loops this workspace runs, with their config versions',
    roles: ALL,
    response: z.object({
      workspace: z.object({ name: z.string(), version: z.string() }),
      chains: z.array(z.object({ name: z.string(), loops: z.array(z.string()) })),
      loops: z.array(
        z.object({
          name: z.string(),
          description: z.string().nullable(),
          version: z.string(),
          source: z.string(),
          enabled: z.boolean(),
          archetypes: z.array(z.string()),
        }),
      ),
    }),
    handler: async (ctx) => {
      const ws = ctx.engine.workspace;
      return {
        workspace: { name: ws.config.name, version: ws.version },
        chains: ws.config.chains.map((c) => ({ name: c.name, loops: [...c.loops] })),
        loops: [...ws.loops.values()].map((l) => ({
          name: l.name,
          description: l.loop.description ?? null,
          version: l.version,
          source: l.source,
          enabled: l.enabled,
          archetypes: [...l.loop.archetypes],
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/config',
    tag: 'loops',
    summary: "A loop's current config: parsed, its YAML, version and file",
    roles: CONFIG_READERS,
    params: LoopParams,
    response: z.object({
      loop: z.string(),
      version: z.string(),
      gitSha: z.string().nullable(),
      source: z.string(),
      enabled: z.boolean(),
      config: Json,
      yaml: z.string().nullable(),
    }),
    handler: async (ctx, { params }) => loopConfig(ctx, params.loop),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/schema',
    tag: 'loops',
    summary: "The JSON Schema of a loop's YAML config",
    roles: ALL,
    params: LoopParams,
    response: JsonObject,
    handler: async (ctx, { params }) => loopSchema(ctx, params.loop),
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/versions',
    tag: 'config',
    summary: "Every version of a loop's config the store has seen",
    roles: ['admin', 'ops', 'manager'],
    params: LoopParams,
    response: z.object({
      versions: z.array(
        z.object({
          version: z.string(),
          gitSha: z.string().nullable(),
          source: z.string(),
          firstSeenAt: z.string(),
          lastSeenAt: z.string(),
          current: z.boolean(),
          config: Json,
        }),
      ),
    }),
    handler: async (ctx, { params }) => {
      const ws = ctx.engine.workspace;
      if (params.loop !== 'workspace') loopNamed(ctx, params.loop);
      const current = params.loop === 'workspace' ? ws.version : ws.loops.get(params.loop)?.version;
      const rows = await listConfigVersions(ctx.engine.store.db, params.loop);
      return {
        versions: rows.map((r) => ({
          version: r.hash,
          gitSha: r.git_sha,
          source: r.source,
          firstSeenAt: r.first_seen_at,
          lastSeenAt: r.last_seen_at,
          current: r.hash === current,
          config: JSON.parse(r.content) as unknown,
        })),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/diff',
    tag: 'config',
    summary: 'Field-by-field changes between two config versions',
    roles: ['admin', 'ops', 'manager'],
    params: LoopParams,
    query: z.object({
      from: z.string().min(6).describe('The older version (a unique prefix of its hash).'),
      to: z.string().min(6).describe('The newer version.'),
    }),
    response: z.object({
      loop: z.string(),
      from: z.string(),
      to: z.string(),
      changes: z.array(
        z.object({ path: z.string(), change: z.enum(['added', 'removed', 'changed']), from: Json, to: Json }),
      ),
    }),
    handler: async (ctx, { params, query }) => {
      const a = await version(ctx, params.loop, query.from);
      const b = await version(ctx, params.loop, query.to);
      return {
        loop: params.loop,
        from: a.hash,
        to: b.hash,
        changes: configChanges(JSON.parse(a.content), JSON.parse(b.content)),
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/loops/:loop/metrics',
    tag: 'metrics',
    summary: "A loop's metrics over a window: volume, latency, outcome mix, review quality",
    roles: CONFIG_READERS,
    params: LoopParams,
    query: z.object({
      since: Since.default('7d'),
      by: z.enum(['hour', 'day']).optional().describe('Also the series per hour or day.'),
      metric: z.string().optional().describe('With by: only this metric.'),
    }),
    response: JsonObject.describe('The metrics report, as `revloops metrics --json` prints it.'),
    handler: async (ctx, { params, query }) => {
      const now = ctx.clock();
      return (await metricsReport(ctx.engine, params.loop, {
        since: sinceInstant(query.since, now),
        now,
        ...(query.by ? { by: query.by } : {}),
        ...(query.metric ? { metric: query.metric } : {}),
      })) as unknown as Record<string, unknown>;
    },
  }),
];
