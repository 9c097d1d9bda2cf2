import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { RevloopsError } from '../kernel/index.js';
import { registerMcpRoute } from '../mcp/http.js';
import { endHttpSpan, type ParentSpan, startHttpSpan, telemetryActive } from '../runtime/telemetry.js';
import { ping } from '../store/index.js';
import { ServerContext, type ServerOptions } from './context.js';
import { DOCS_PAGE } from './docs-page.js';
import { errorReply } from './errors.js';
import { openApiDocument } from './openapi.js';
import { prometheusRegistry } from './prometheus.js';
import { limiterOf, principalFor, registerRoutes } from './register.js';
import { API_ROUTES } from './routes/index.js';
import { registerUi } from './ui.js';

const ALLOWED_HEADERS =
  'authorization, content-type, idempotency-key, x-revloops-signature, x-revloops-timestamp';

/** Answers CORS for the configured origins only; without any, browsers get no CORS headers (off). */
function cors(origins: readonly string[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (!origin || !origins.includes(origin) || request.url.startsWith('/mcp')) return;
    reply.header('access-control-allow-origin', origin).header('vary', 'origin');
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', 'GET, POST, DELETE')
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '600')
        .code(204)
        .send();
    }
  };
}

/** A server span per request while telemetry is on (hooks are added only then). */
function traceRequests(app: FastifyInstance): void {
  const spans = new WeakMap<FastifyRequest, ParentSpan>();
  app.addHook('onRequest', async (request) => {
    const s = startHttpSpan(request.method, request.routeOptions.url, request.url.split('?')[0] ?? '/');
    if (s) spans.set(request, s);
  });
  app.addHook('onResponse', async (request, reply) => {
    endHttpSpan(spans.get(request), reply.statusCode);
    spans.delete(request);
  });
}

/** The HTTP server: the /v1 API, its OpenAPI document and docs, health, Prometheus metrics and /mcp. */
export function buildServer(options: ServerOptions): { app: FastifyInstance; ctx: ServerContext } {
  const ctx = new ServerContext(options);
  const limiter = limiterOf(ctx);
  const app = Fastify({ logger: options.logger ?? false, bodyLimit: options.bodyLimit ?? 1024 * 1024 });
  // Keep the raw body: webhook signatures are over the exact bytes received.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    (request as { rawBody?: string }).rawBody = body as string;
    if ((body as string).trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch (err) {
      done(
        new RevloopsError('USAGE', `the body is not JSON: ${(err as Error).message}`, [
          { path: 'body', message: 'expected JSON' },
        ]),
        undefined,
      );
    }
  });
  if (telemetryActive()) traceRequests(app);
  app.addHook('onRequest', cors(options.corsOrigins ?? []));
  app.setErrorHandler((err, _request, reply) => {
    const r = errorReply(err);
    reply.code(r.status).headers(r.headers).send(r.body);
  });
  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(
        errorReply(new RevloopsError('NOT_FOUND', `no route ${request.method} ${request.url.split('?')[0]}`))
          .body,
      );
  });

  registerRoutes(app, ctx, limiter, API_ROUTES);
  const document = openApiDocument(API_ROUTES, '0.1.0');
  app.get('/v1/openapi.json', async () => document);
  app.get('/v1/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await ping(ctx.engine.store.db);
      return { status: 'ready', workspace: ctx.engine.workspace.config.name };
    } catch (err) {
      reply.code(503);
      return errorReply(
        new RevloopsError('STORE_UNAVAILABLE', `the store does not answer: ${(err as Error).message}`),
      ).body;
    }
  });
  const registry = prometheusRegistry(ctx);
  app.get('/metrics', async (request, reply) => {
    if (!options.publicMetrics) {
      const p = await principalFor(ctx, limiter, request);
      if (p.role !== 'admin' && p.role !== 'ops')
        throw new RevloopsError('FORBIDDEN', `a ${p.role} token may not read /metrics: it is for admin, ops`);
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
  registerMcpRoute(app, ctx, limiter);
  registerUi(app);
  return { app, ctx };
}
