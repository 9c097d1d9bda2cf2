import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { FastifyInstance } from 'fastify';
import { RevloopsError } from '../kernel/index.js';
import type { ServerContext } from '../server/context.js';
import { HttpError } from '../server/errors.js';
import type { RateLimiter } from '../server/rate-limit.js';
import { principalFor } from '../server/register.js';
import { createMcpServer, MCP_ROLES } from './server.js';

/**
 * MCP over streamable HTTP at /mcp, stateless (a server per request), with the API's bearer tokens.
 * A browser request's Origin must be one the server allows, so a page cannot drive a local agent's
 * tools (DNS rebinding); requests without Origin come from programs, not pages.
 */
export function registerMcpRoute(
  app: FastifyInstance,
  ctx: ServerContext,
  limiter: RateLimiter | null,
): void {
  app.post('/mcp', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !(ctx.options.mcpOrigins ?? []).includes(origin))
      throw new RevloopsError('FORBIDDEN', `origin ${origin} may not use /mcp`, [
        { path: 'headers.origin', message: 'expected no Origin, or one the server allows (--mcp-origin)' },
      ]);
    const principal = await principalFor(ctx, limiter, request);
    if (!(MCP_ROLES as readonly string[]).includes(principal.role))
      throw new RevloopsError(
        'FORBIDDEN',
        `a ${principal.role} token may not use MCP: it is for ${MCP_ROLES.join(', ')}`,
      );
    const server = createMcpServer(ctx, principal);
    const transport = new StreamableHTTPServerTransport({ enableJsonResponse: true });
    reply.hijack();
    reply.raw.on('close', () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(request.raw, reply.raw, request.body);
  });
  const notAllowed = async () => {
    throw new HttpError(405, 'METHOD_NOT_ALLOWED', 'this MCP endpoint is stateless: POST JSON-RPC messages', {
      allow: 'POST',
    });
  };
  app.get('/mcp', notAllowed);
  app.delete('/mcp', notAllowed);
}
