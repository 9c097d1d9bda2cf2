import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerContext } from '../server/context.js';
import type { Principal } from '../server/principal.js';
import { loopConfig, loopSchema } from '../server/services/loops.js';
import { registerTools } from './tools.js';

/** Roles whose tokens MCP accepts. */
export const MCP_ROLES = ['agent', 'admin'] as const;

function loopList(ctx: ServerContext, kind: 'config' | 'schema') {
  return {
    resources: [...ctx.engine.workspace.loops.keys()].map((name) => ({
      uri: `revloops://loops/${name}/${kind}`,
      name: `${name} ${kind}`,
      mimeType: kind === 'config' ? 'application/yaml' : 'application/schema+json',
    })),
  };
}

/** An MCP server over a workspace, acting as one principal: the tools and the loop resources. */
export function createMcpServer(ctx: ServerContext, principal: Principal): McpServer {
  const server = new McpServer({ name: 'revloops', version: '0.1.0' });
  registerTools(server, ctx, principal);
  server.registerResource(
    'loop-config',
    new ResourceTemplate('revloops://loops/{loop}/config', { list: () => loopList(ctx, 'config') }),
    { description: "A loop's current YAML config, with its version.", mimeType: 'application/yaml' },
    (uri, { loop }) => {
      const c = loopConfig(ctx, String(loop));
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: 'application/yaml',
            text: c.yaml ?? `# ${c.loop} runs on defaults (version ${c.version})\nloop: ${c.loop}\n`,
          },
        ],
      };
    },
  );
  server.registerResource(
    'loop-schema',
    new ResourceTemplate('revloops://loops/{loop}/schema', { list: () => loopList(ctx, 'schema') }),
    { description: "The JSON Schema of a loop's YAML config.", mimeType: 'application/schema+json' },
    (uri, { loop }) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: 'application/schema+json',
          text: JSON.stringify(loopSchema(ctx, String(loop)), null, 2),
        },
      ],
    }),
  );
  return server;
}
