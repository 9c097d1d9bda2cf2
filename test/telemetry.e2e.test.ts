import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/index.js';
import { countEventsByStatus, getDecisions } from '../src/store/index.js';
import { cli, copyWorkspace } from './helpers/cli.js';

/** One attribute as OTLP/JSON carries it. */
interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };
}

/** A span as received, with its attributes flattened and its resource's service name. */
interface ReceivedSpan {
  service: string;
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, string | number | boolean>;
}

const plain = (attrs: readonly OtlpAttribute[] = []) =>
  Object.fromEntries(
    attrs.map((a) => {
      const v = a.value;
      const value =
        v.stringValue ??
        (v.intValue !== undefined ? Number(v.intValue) : undefined) ??
        v.boolValue ??
        v.doubleValue;
      return [a.key, value as string | number | boolean];
    }),
  );

/** A loopback OTLP/HTTP collector: records every request and the spans of each JSON export. */
async function collector(host: string, port = 0) {
  const requests: { method: string; path: string; contentType: string }[] = [];
  const spans: ReceivedSpan[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        contentType: String(req.headers['content-type']),
      });
      if (req.url === '/v1/traces' && String(req.headers['content-type']).startsWith('application/json')) {
        const body = JSON.parse(raw) as {
          resourceSpans: {
            resource: { attributes: OtlpAttribute[] };
            scopeSpans: {
              spans: {
                name: string;
                kind: number;
                traceId: string;
                spanId: string;
                parentSpanId?: string;
                attributes: OtlpAttribute[];
              }[];
            }[];
          }[];
        };
        for (const rs of body.resourceSpans) {
          const service = String(plain(rs.resource.attributes)['service.name']);
          for (const ss of rs.scopeSpans)
            for (const s of ss.spans)
              spans.push({
                service,
                name: s.name,
                kind: s.kind,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId ?? '',
                attributes: plain(s.attributes),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    requests,
    spans,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

type Collector = Awaited<ReturnType<typeof collector>>;

/** The environment of a child process with every OTEL_ variable of this one removed, plus `extra`. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REVLOOPS_DATABASE_URL: '' };
  for (const k of Object.keys(env)) if (k.startsWith('OTEL_')) delete env[k];
  return { ...env, ...extra };
}

/** Runs the built CLI to the end; resolves with its exit code and output. */
function runBin(args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/revloops.js', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * OpenTelemetry traces through the built binary, exported as OTLP/HTTP JSON to a real collector on
 * loopback: a span per batch and per loop run for `revloops run`; a server span per request and the
 * worker's spans for `revloops serve`, flushed on SIGTERM; and no request at all when not configured.
 */
describe('OpenTelemetry traces', () => {
  const ws = copyWorkspace('examples/acme');
  let otlp: Collector;
  let serve: ChildProcess | undefined;
  beforeAll(async () => {
    otlp = await collector('127.0.0.1');
  });
  afterAll(async () => {
    if (serve && serve.exitCode === null) serve.kill('SIGKILL');
    await otlp.close();
    ws.cleanup();
  });

  it('exports a span per batch and per loop run of `revloops run`, with the decision on each', async () => {
    const before = otlp.spans.length;
    const r = await runBin(
      [
        'run',
        '--workspace',
        ws.dir,
        '--input',
        join(ws.dir, 'data', 'worked-example.jsonl'),
        '--type',
        'lead.created',
        '--json',
      ],
      // A long export delay: the spans can only arrive through the flush when the command ends.
      childEnv({
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_SERVICE_NAME: 'revloops-run-test',
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      }),
    );
    expect(r.code, r.err).toBe(0);
    const printed = JSON.parse(r.out) as { decisions: { id: string; loop: string }[] };
    expect(printed.decisions.map((d) => d.loop).slice(0, 2)).toEqual(['qualify', 'route']);
    expect(
      otlp.requests.every((q) => q.path === '/v1/traces' && q.contentType.startsWith('application/json')),
    ).toBe(true);

    const spans = otlp.spans.slice(before);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['revloops-run-test']));
    const batches = spans.filter((s) => s.name === 'revloops.batch');
    expect(batches.length).toBeGreaterThan(0);
    expect(batches.reduce((n, b) => n + Number(b.attributes['revloops.batch.decisions']), 0)).toBe(
      printed.decisions.length,
    );
    const runs = spans.filter((s) => s.name === 'revloops.loop.run');
    expect(runs).toHaveLength(printed.decisions.length);

    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    try {
      const decisions = await getDecisions(
        store.db,
        printed.decisions.map((d) => d.id),
      );
      for (const d of decisions) {
        const span = runs.find((s) => s.attributes['revloops.decision.id'] === d.id);
        expect(span, `a span for ${d.loop} ${d.id}`).toBeDefined();
        expect(span?.attributes).toMatchObject({
          'revloops.loop': d.loop,
          'revloops.event.type': d.eventType,
          'revloops.event.id': d.eventId,
          'revloops.config.version': d.configVersion,
        });
        expect(typeof span?.attributes['revloops.outcome']).toBe('string');
        // Each loop run is a child of the batch that ran it, in the batch's trace.
        const parent = batches.find((b) => b.spanId === span?.parentSpanId);
        expect(parent?.traceId).toBe(span?.traceId);
      }
      const qualify = decisions.find((d) => d.loop === 'qualify');
      expect(qualify?.eventType).toBe('lead.created');
      const route = decisions.find((d) => d.loop === 'route');
      expect(route?.eventType).toBe('lead.qualified');
    } finally {
      await store.close();
    }
  }, 120_000);

  it('exports a server span per request and the worker spans of `revloops serve`, flushed on SIGTERM', async () => {
    const before = otlp.spans.length;
    const token = await cli([
      'token',
      'create',
      '--role',
      'ops',
      '--user',
      'u-jon',
      '--json',
      '--workspace',
      ws.dir,
    ]);
    expect(token.code, token.err).toBe(0);
    const secret = (JSON.parse(token.out) as { token: string }).token;

    const child = spawn(
      process.execPath,
      ['bin/revloops.js', 'serve', '--port', '0', '--workspace', ws.dir],
      {
        env: childEnv({
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/v1/traces`,
          OTEL_SERVICE_NAME: 'revloops-serve-test',
          OTEL_BSP_SCHEDULE_DELAY: '600000',
        }),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    serve = child;
    let out = '';
    let err = '';
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (err += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let i = 0; i < 600 && !/ at http:\/\/\S+/.test(out) && child.exitCode === null; i++)
      await new Promise((r) => setTimeout(r, 100));
    const base = / at (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(base, err).toBeDefined();

    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/v1/review-items?status=all`)).status).toBe(401);
    const versions = await fetch(`${base}/v1/loops/qualify/versions`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    expect(versions.status).toBe(200);

    // Events accepted beside the server: its worker picks them up and runs the loops.
    const ingest = await cli([
      'ingest',
      join(ws.dir, 'data', 'leads.jsonl'),
      '--type',
      'lead.created',
      '--workspace',
      ws.dir,
    ]);
    expect(ingest.code, ingest.err).toBe(0);
    const store = await openStore({ kind: 'sqlite', path: join(ws.dir, '.revloops', 'revloops.db') });
    try {
      for (let i = 0; i < 600; i++) {
        const status = await countEventsByStatus(store.db);
        if ((status.pending ?? 0) === 0 && (status.claimed ?? 0) === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await store.close();
    }
    // Nothing has been exported yet (the export delay is long): SIGTERM flushes it.
    expect(otlp.spans.length).toBe(before);
    child.kill('SIGTERM');
    expect(await closed, err).toBe(0);

    const spans = otlp.spans.slice(before);
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(['revloops-serve-test']));
    const http = spans.filter((s) => s.attributes['http.request.method'] !== undefined);
    const SERVER = 2;
    expect(http).toContainEqual(
      expect.objectContaining({
        name: 'GET /healthz',
        kind: SERVER,
        attributes: expect.objectContaining({ 'http.route': '/healthz', 'http.response.status_code': 200 }),
      }),
    );
    expect(http).toContainEqual(
      expect.objectContaining({
        name: 'GET /v1/review-items',
        attributes: expect.objectContaining({
          'http.route': '/v1/review-items',
          'url.path': '/v1/review-items',
          'http.response.status_code': 401,
        }),
      }),
    );
    expect(http).toContainEqual(
      expect.objectContaining({
        name: 'GET /v1/loops/:loop/versions',
        attributes: expect.objectContaining({
          'url.path': '/v1/loops/qualify/versions',
          'http.response.status_code': 200,
        }),
      }),
    );
    const runs = spans.filter((s) => s.name === 'revloops.loop.run');
    expect(runs.filter((s) => s.attributes['revloops.event.type'] === 'lead.created').length).toBeGreaterThan(
      0,
    );
    for (const s of runs) {
      expect(String(s.attributes['revloops.decision.id'])).toMatch(/^dec_/);
      expect(s.attributes['revloops.config.version']).toBeTruthy();
    }
    expect(spans.filter((s) => s.name === 'revloops.batch').length).toBeGreaterThan(0);
  }, 180_000);

  it('makes no request when traces are not configured', async () => {
    // Where an SDK left to its defaults would send (OTLP/HTTP on localhost:4318), collectors listen.
    const defaults = [await collector('127.0.0.1', 4318)];
    try {
      defaults.push(await collector('::1', 4318));
    } catch {
      // no IPv6 loopback here: localhost is 127.0.0.1 only
    }
    const fresh = copyWorkspace('examples/acme');
    const requestsBefore = otlp.requests.length;
    try {
      const r = await runBin(
        [
          'run',
          '--workspace',
          fresh.dir,
          '--input',
          join(fresh.dir, 'data', 'worked-example.jsonl'),
          '--type',
          'lead.created',
          '--json',
        ],
        // A service name alone configures nothing; only an endpoint does.
        childEnv({ OTEL_SERVICE_NAME: 'revloops-off-test', OTEL_BSP_SCHEDULE_DELAY: '1' }),
      );
      expect(r.code, r.err).toBe(0);
      expect((JSON.parse(r.out) as { decisions: unknown[] }).decisions.length).toBeGreaterThan(1);
      for (const d of defaults) expect(d.requests).toEqual([]);
      expect(otlp.requests.length).toBe(requestsBefore);
    } finally {
      for (const d of defaults) await d.close();
      fresh.cleanup();
    }
  }, 120_000);

  it('refuses an endpoint that is not a URL, naming the variable', async () => {
    const r = await runBin(
      ['validate', '--workspace', ws.dir],
      childEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }),
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
  }, 60_000);
});
