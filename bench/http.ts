import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Engine, loadWorkspace, openStore } from '../dist/index.js';
import { buildServer } from '../dist/server/app.js';
import { createToken } from '../dist/server/tokens.js';
import { benchLoop } from './bench-loop.js';
import { type BenchResult, benchResult, budget, printResults } from './results.js';

const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 64);

async function open(dir: string) {
  const workspace = await loadWorkspace(dir, { loops: [benchLoop] });
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'http.db') });
  const engine = new Engine({ workspace, store });
  await engine.recordConfigVersions();
  return { store, engine };
}

/** The child: the API server on a free loopback port, ingest only (no worker), limits on. */
async function serveChild(dir: string): Promise<void> {
  const { engine } = await open(dir);
  const { app } = buildServer({ engine, rateLimit: { perSecond: 1_000_000, burst: 1_000_000 } });
  await serveUntilStopped(app, () => engine.store.close());
}

/** Listens on a free loopback port, tells the parent where, and closes when the parent says stop. */
async function serveUntilStopped(
  app: { listen(o: { host: string; port: number }): Promise<string>; close(): Promise<unknown> },
  after: () => Promise<void> = async () => undefined,
): Promise<void> {
  process.send?.({ url: await app.listen({ host: '127.0.0.1', port: 0 }) });
  process.on('message', async () => {
    await app.close();
    await after();
    process.exit(0);
  });
}

/** The ceiling: bare Fastify parsing the same JSON body and answering 202, nothing stored. */
async function bareChild(): Promise<void> {
  const app = Fastify();
  app.post('/v1/events', async (request, reply) => {
    reply.code(202);
    const body = request.body as { type?: unknown };
    return { id: null, status: 'accepted', key: String(body.type) };
  });
  await serveUntilStopped(app);
}

/** Starts a child (`--serve-child <dir>` or `--bare-child`) and drives POST /v1/events on it with autocannon. */
async function drive(args: string[], token: string | null) {
  const child = fork(fileURLToPath(import.meta.url), args, { execArgv: ['--import', 'tsx'] });
  const url = await new Promise<string>((resolve) =>
    child.once('message', (m: { url: string }) => resolve(m.url)),
  );
  let sent = 0;
  const instance = autocannon({
    url: `${url}/v1/events`,
    method: 'POST',
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      'content-type': 'application/json',
    },
    // A new event per request (a repeated body would only be a duplicate): the email carries a counter.
    requests: [
      {
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            type: 'signup.created',
            payload: { email: `u${sent++}@bench.io`, seats: 3 },
          }),
        }),
      },
    ],
  });
  let firstError: unknown;
  instance.on('reqError', (err) => {
    firstError ??= err;
  });
  const result = await instance;
  if (firstError) console.log(`first request error: ${String(firstError)}`);
  child.send('stop');
  await new Promise((resolve) => child.once('exit', resolve));
  return result;
}

/**
 * autocannon against POST /v1/events on loopback, the server in a child process on the default
 * SQLite store: every 202 is sent after the event's transaction committed (group commit).
 */
export async function httpBench(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rl-http-'));
  mkdirSync(join(dir, 'loops'));
  writeFileSync(join(dir, 'revloops.yaml'), 'name: bench\nloops: [bench-intake]\nplugins: []\n');
  const setup = await open(dir);
  const { token } = await createToken(setup.store.db, { role: 'ops', user: 'u-bench', now: new Date() });
  await setup.store.close();
  const bare = await drive(['--bare-child'], null);
  const bareRps = bare['2xx'] / SECONDS;
  console.log(
    `http ceiling: bare Fastify answered ${bare['2xx']} requests in ${SECONDS} s (${Math.round(bareRps)}/s); latency p50 ${bare.latency.p50} ms, p99 ${bare.latency.p99} ms`,
  );
  const result = await drive(['--serve-child', dir], token);
  const check = await open(dir);
  const stored = Number(
    (
      await check.store.db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  await check.store.close();
  rmSync(dir, { recursive: true, force: true });
  const ok = result['2xx'];
  const rps = ok / SECONDS;
  const p99 = result.latency.p99;
  console.log(
    `http ingest: ${ok} events accepted in ${SECONDS} s over ${CONNECTIONS} connections (${Math.round(rps)}/s), ${result.non2xx} non-2xx, ${result.errors} errors; latency p50 ${result.latency.p50} ms, p99 ${p99} ms; ${stored} events in the store after the run`,
  );
  if (stored < ok) throw new Error(`only ${stored} of ${ok} acknowledged events are in the store`);
  return [
    benchResult('http ingest /v1/events, sqlite (events/s)', rps, 'events/s', {
      name: 'target 10k events/s',
      value: 10_000,
      target: 1,
    }),
    benchResult('http ingest /v1/events, sqlite (events/s)', rps, 'events/s', {
      name: 'bare Fastify on the same body, nothing stored (req/s)',
      value: bareRps,
    }),
    budget('http ingest /v1/events, p99 latency', Math.max(p99, 0.001), 'ms', 20, 'budget 20 ms'),
  ];
}

const self = fileURLToPath(import.meta.url);
if (process.argv[1] === self) {
  const at = process.argv.indexOf('--serve-child');
  if (at >= 0) await serveChild(process.argv[at + 1] as string);
  else if (process.argv.includes('--bare-child')) await bareChild();
  else printResults(await httpBench());
}
