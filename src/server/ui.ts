import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Paths the API and the service own: never answered with the app. */
const API = /^\/(v1|mcp|metrics|healthz|readyz)(\/|$)/;

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Where the built web UI is: dist/ui beside the compiled server, or the build output when run from source. */
export function builtUiRoot(): string | null {
  for (const rel of ['../ui', '../../dist/ui']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return null;
}

function file(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  return existsSync(full) && statSync(full).isFile() ? full : null;
}

function send(reply: FastifyReply, path: string) {
  const immutable = path.includes(`${sep}assets${sep}`);
  return reply
    .headers(SECURITY_HEADERS)
    .header('content-type', TYPES[extname(path)] ?? 'application/octet-stream')
    .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
    .send(createReadStream(path));
}

/**
 * Serves the web UI at `/`: its files, and `index.html` for any other page path, so links into the
 * app (/inbox/rev_01…) load it. API paths that match no route still answer a JSON 404.
 */
export function registerUi(app: FastifyInstance, root: string | null = builtUiRoot()): void {
  app.get('/*', (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (API.test(path))
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: `no route GET ${path}`, path: null, issues: [] } });
    if (!root)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web UI is not built: run `npm run build`. The API is at /v1 (see /v1/openapi.json).');
    const found = path === '/' ? null : file(root, path);
    if (found) return send(reply, found);
    // A missing asset is a 404; any other path (ids have dots: /inbox/dec_01….1) is a page of the app.
    if (Object.hasOwn(TYPES, extname(path)) || path.startsWith('/assets/'))
      return reply.code(404).type('text/plain; charset=utf-8').send('not found');
    return send(reply, join(root, 'index.html'));
  });
}
