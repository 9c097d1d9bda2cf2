import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { ServerContext } from '../../server/context.js';
import { type CommonOptions, openWorkspace } from '../context.js';
import type { CliRuntime } from '../program.js';
import { common } from '../program.js';

/** `revloops mcp`: the MCP server on stdio, acting as the user of an agent token. */
export function registerMcp(program: Command, rt: CliRuntime): void {
  common(program.command('mcp'))
    .description(
      'serve MCP on stdin/stdout for an AI agent: tools over the loops and their configs as resources',
    )
    .option('--token <token>', 'an agent (or admin) token (default: REVLOOPS_TOKEN)')
    .action(async (opts: CommonOptions & { token?: string }) => {
      const env = rt.setup.env ?? process.env;
      const token = opts.token ?? env.REVLOOPS_TOKEN;
      if (!token)
        throw new RevloopsError(
          'USAGE',
          'give a token: --token or REVLOOPS_TOKEN (revloops token create --role agent --user <id>)',
        );
      // The MCP SDK loads with this command only, not with every command.
      const [{ createMcpServer, MCP_ROLES }, { StdioServerTransport }] = await Promise.all([
        import('../../mcp/server.js'),
        import('@modelcontextprotocol/sdk/server/stdio.js'),
      ]);
      const opened = await openWorkspace(opts, rt.setup);
      try {
        const ctx = new ServerContext({
          engine: opened.engine,
          ...(rt.setup.clock ? { clock: rt.setup.clock } : {}),
        });
        const principal = await ctx.authenticate(token);
        if (!(MCP_ROLES as readonly string[]).includes(principal.role))
          throw new RevloopsError(
            'FORBIDDEN',
            `a ${principal.role} token may not use MCP: it is for ${MCP_ROLES.join(', ')}`,
          );
        const server = createMcpServer(ctx, principal);
        const transport = new StdioServerTransport();
        const closed = new Promise<void>((resolve) => {
          transport.onclose = resolve;
          process.stdin.once('end', resolve);
        });
        await server.connect(transport);
        await closed;
        await server.close();
      } finally {
        await opened.close();
      }
    });
}
