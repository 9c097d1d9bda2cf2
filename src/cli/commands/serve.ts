import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import { governanceTask } from '../../feedback/index.js';
import { RevloopsError } from '../../kernel/index.js';
import { loadWorkspaceRecords, runWorker } from '../../runtime/index.js';
import type { ServerContext } from '../../server/context.js';
import { deliverOutbox } from '../../surfaces/index.js';
import { ChannelsConfig } from '../../workspace/index.js';
import { collect } from '../actor.js';
import { type CommonOptions, type Opened, openWorkspace } from '../context.js';
import { type CliRuntime, common } from '../program.js';

/** The options of `revloops serve` (strings as commander parses them). */
export type ServeOptions = CommonOptions & {
  host: string;
  port: string;
  worker: boolean;
  bodyLimit: string;
  rate: string;
  corsOrigin?: string[];
  mcpOrigin?: string[];
  webhookSecretEnv?: string;
  publicMetrics?: boolean;
};

function positive(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new RevloopsError('USAGE', `${flag} expects an integer of at least ${min}, got ${value}`);
  return n;
}

/** The in-process worker: passes over schedules, events and the outbox, woken early by ingest. */
async function workLoop(
  ctx: ServerContext,
  rt: CliRuntime,
  signal: AbortSignal,
  wake: { next: () => Promise<void> },
) {
  const env = rt.setup.env ?? process.env;
  while (!signal.aborted) {
    const engine = ctx.engine;
    const ws = engine.workspace;
    try {
      await runWorker(engine, {
        once: true,
        deliver: (now) =>
          deliverOutbox(engine.store, ws.config.channels ?? ChannelsConfig.parse({}), { now, env }),
        ...(ws.config.governance ? { tasks: [governanceTask(engine, () => undefined)] } : {}),
        ...(rt.setup.clock ? { clock: rt.setup.clock } : {}),
      });
    } catch (err) {
      rt.io.err(`worker pass failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    await Promise.race([
      wake.next(),
      sleep(ws.config.runtime.pollMs, undefined, { signal }).catch(() => undefined),
    ]);
  }
}

/** `revloops serve`: the HTTP API, /mcp and /metrics, with a worker in the same process. */
export function registerServe(program: Command, rt: CliRuntime): void {
  common(program.command('serve'))
    .description(
      'serve the HTTP API (/v1, OpenAPI at /v1/openapi.json, docs at /v1/docs), /mcp and /metrics, and run a worker',
    )
    .option('--host <host>', 'the interface to listen on', '127.0.0.1')
    .option('--port <port>', 'the port (0: any free one)', '3000')
    .option('--no-worker', 'serve only; other processes run `revloops worker`')
    .option('--body-limit <bytes>', 'largest request body', String(1024 * 1024))
    .option('--rate <n>', 'requests per second per token (burst twice that); 0: no limit', '50')
    .option(
      '--cors-origin <origin>',
      'a browser origin allowed to call the API (repeatable; default none)',
      collect,
    )
    .option('--mcp-origin <origin>', 'a browser origin allowed on /mcp (repeatable; default none)', collect)
    .option(
      '--webhook-secret-env <name>',
      'environment variable with the secret ingest requests must be signed with',
    )
    .option('--public-metrics', 'serve /metrics without a token')
    .action((opts: ServeOptions) => serveWorkspace(opts, rt));
}

/**
 * Serves a workspace until SIGTERM or SIGINT. `announce` gets the address listened on (the real
 * port when asked for port 0); by default it prints the serving line.
 */
export async function serveWorkspace(
  opts: ServeOptions,
  rt: CliRuntime,
  announce?: (address: string) => void,
): Promise<void> {
  const env = rt.setup.env ?? process.env;
  const port = positive(opts.port, '--port');
  const rate = positive(opts.rate, '--rate');
  const secret = opts.webhookSecretEnv ? env[opts.webhookSecretEnv] : undefined;
  if (opts.webhookSecretEnv && !secret)
    throw new RevloopsError(
      'USAGE',
      `--webhook-secret-env ${opts.webhookSecretEnv}: that variable is not set`,
    );
  const opened: Opened[] = [await openWorkspace(opts, rt.setup)];
  const first = opened[0] as Opened;
  await loadWorkspaceRecords(
    first.workspace,
    first.store,
    (rt.setup.clock ?? (() => new Date()))().toISOString(),
  );
  let waiting: (() => void) | null = null;
  const wake = { next: () => new Promise<void>((resolve) => (waiting = resolve)) };
  // The HTTP server (Fastify, the MCP route, Prometheus) loads here, not with every command.
  const { buildServer } = await import('../../server/app.js');
  const { app, ctx } = buildServer({
    engine: first.engine,
    bodyLimit: positive(opts.bodyLimit, '--body-limit', 1024),
    rateLimit: rate === 0 ? null : { perSecond: rate, burst: rate * 2 },
    corsOrigins: opts.corsOrigin ?? [],
    mcpOrigins: opts.mcpOrigin ?? [],
    ...(secret ? { webhookSecret: secret } : {}),
    ...(opts.publicMetrics ? { publicMetrics: true } : {}),
    ...(rt.setup.clock ? { clock: rt.setup.clock } : {}),
    onIngest: () => waiting?.(),
    reload: async () => {
      const next = await openWorkspace(opts, rt.setup);
      opened.push(next);
      return next.engine;
    },
  });
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    const address = await app.listen({ host: opts.host, port });
    const out = {
      url: address,
      docs: `${address}/v1/docs`,
      openapi: `${address}/v1/openapi.json`,
      mcp: `${address}/mcp`,
    };
    if (announce) announce(address);
    else
      rt.io.out(
        opts.json
          ? JSON.stringify(out)
          : `revloops serving ${first.workspace.config.name} at ${address} (docs ${out.docs}, MCP ${out.mcp})`,
      );
    if (opts.worker) await workLoop(ctx, rt, controller.signal, wake);
    else await new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }));
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
    await app.close();
    for (const o of opened) await o.close();
  }
}
