import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RevloopsError } from '../kernel/index.js';
import type { ServerContext } from './context.js';
import { HttpError, invalidRequest } from './errors.js';
import type { Principal } from './principal.js';
import { RateLimiter } from './rate-limit.js';
import type { AnyRoute } from './route.js';

/** The bearer token of a request, or a 401. */
function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!m)
    throw new HttpError(
      401,
      'UNAUTHENTICATED',
      'send a token: Authorization: Bearer <token> (revloops token create)',
      {
        'www-authenticate': 'Bearer',
      },
    );
  return m[1] as string;
}

/** Authenticates a request and takes its rate-limit token. */
export async function principalFor(
  ctx: ServerContext,
  limiter: RateLimiter | null,
  request: FastifyRequest,
): Promise<Principal> {
  const principal = await ctx.authenticate(bearerOf(request));
  const wait = limiter?.take(principal.tokenId) ?? 0;
  if (wait > 0)
    throw new HttpError(
      429,
      'RATE_LIMITED',
      `too many requests for token ${principal.tokenId}; retry in ${wait}s`,
      {
        'retry-after': String(wait),
      },
    );
  return principal;
}

/** The rate limiter of a server's options (null when limits are off). */
export function limiterOf(ctx: ServerContext): RateLimiter | null {
  const limit = ctx.options.rateLimit === undefined ? { perSecond: 50, burst: 100 } : ctx.options.rateLimit;
  return limit ? new RateLimiter(limit.perSecond, limit.burst) : null;
}

function parsePart<T>(part: 'params' | 'query' | 'body', schema: AnyRoute['body'], value: unknown): T {
  if (!schema) return undefined as T;
  const r = schema.safeParse(value ?? (part === 'body' ? undefined : {}));
  if (!r.success) throw invalidRequest(part, r.error);
  return r.data as T;
}

/** Registers API routes: authentication, role check, rate limit, zod-checked parts, JSON result. */
export function registerRoutes(
  app: FastifyInstance,
  ctx: ServerContext,
  limiter: RateLimiter | null,
  routes: readonly AnyRoute[],
): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const principal = await principalFor(ctx, limiter, request);
        if (!route.roles.includes(principal.role))
          throw new RevloopsError(
            'FORBIDDEN',
            `a ${principal.role} token may not ${route.method} ${route.url}: it is for ${route.roles.join(', ')}`,
            [{ path: 'authorization', message: `expected a token with role ${route.roles.join(' or ')}` }],
          );
        reply.code(route.status ?? 200);
        const result = await route.handler(ctx, {
          params: parsePart('params', route.params, request.params),
          query: parsePart('query', route.query, request.query),
          body: parsePart('body', route.body, request.body),
          principal,
          request,
          reply,
        });
        return result;
      },
    });
  }
}
