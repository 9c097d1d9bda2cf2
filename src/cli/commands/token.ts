import type { Command } from 'commander';
import { RevloopsError } from '../../kernel/index.js';
import { createToken, parseRole, ROLES, tokenInfo } from '../../server/tokens.js';
import { listApiTokens, revokeApiToken } from '../../store/index.js';
import { spanMs } from '../../workspace/index.js';
import { type CommonOptions, withWorkspace } from '../context.js';
import { table } from '../io.js';
import { type CliRuntime, common, emit } from '../program.js';

type CreateOptions = CommonOptions & { role: string; user: string; label?: string; expires?: string };

const clockOf = (rt: CliRuntime) => (rt.setup.clock ?? (() => new Date()))();

/** `revloops token create|list|revoke`: bearer tokens of the HTTP API and MCP. */
export function registerToken(program: Command, rt: CliRuntime): void {
  const token = program.command('token').description('bearer tokens for the HTTP API and MCP server');
  common(token.command('create'))
    .description('create a token; its secret is printed once and stored only as a SHA-256 hash')
    .requiredOption('--role <role>', `what it may reach: ${ROLES.join(', ')}`)
    .requiredOption('--user <id>', 'the user it acts as, e.g. u-jon (their review items, team and roles)')
    .option('--label <text>', 'what the token is for, e.g. crm-webhook')
    .option('--expires <span>', 'expire after a span such as 90d or 12h')
    .action(async (opts: CreateOptions) => {
      const role = parseRole(opts.role);
      const now = clockOf(rt);
      const ms = opts.expires === undefined ? undefined : spanMs(opts.expires);
      if (opts.expires !== undefined && ms === undefined)
        throw new RevloopsError('USAGE', `--expires expects a span such as 90d, got ${opts.expires}`);
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const created = await createToken(store.db, {
          role,
          user: opts.user,
          now,
          ...(opts.label ? { label: opts.label } : {}),
          ...(ms ? { expiresAt: new Date(now.getTime() + ms).toISOString() } : {}),
        });
        emit(rt, opts, created, () =>
          [
            `created ${role} token ${created.id} for ${created.user}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}`,
            `  ${created.token}`,
            'Copy it now: it is not shown again. Send it as: Authorization: Bearer <token>',
          ].join('\n'),
        );
      });
    });
  common(token.command('list'))
    .description('tokens with role, user, last use and whether revoked (never their secrets)')
    .action(async (opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const list = (await listApiTokens(store.db)).map(tokenInfo);
        emit(rt, opts, list, () =>
          list.length === 0
            ? 'no tokens (revloops token create --role <role> --user <id>)'
            : table([
                ['id', 'role', 'user', 'label', 'created', 'last used', 'status'],
                ...list.map((t) => [
                  t.id,
                  t.role,
                  t.user,
                  t.label ?? '-',
                  t.createdAt.slice(0, 16),
                  t.lastUsedAt?.slice(0, 16) ?? '-',
                  t.revokedAt
                    ? `revoked ${t.revokedAt.slice(0, 16)}`
                    : t.expiresAt && t.expiresAt <= now(rt)
                      ? 'expired'
                      : 'active',
                ]),
              ]),
        );
      });
    });
  common(token.command('revoke <token-id>'))
    .description('revoke a token: requests with it are refused from then on')
    .action(async (id: string, opts: CommonOptions) => {
      await withWorkspace(opts, rt.setup, async ({ store }) => {
        const known = (await listApiTokens(store.db)).find((t) => t.id === id);
        if (!known) throw new RevloopsError('NOT_FOUND', `no token ${id} (see revloops token list)`);
        const revoked = await revokeApiToken(store.db, id, clockOf(rt).toISOString());
        emit(rt, opts, { id, revoked }, () =>
          revoked ? `revoked token ${id}` : `token ${id} was already revoked; nothing changed`,
        );
      });
    });
}

const now = (rt: CliRuntime) => clockOf(rt).toISOString();
