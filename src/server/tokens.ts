import { createHash, randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import { RevloopsError } from '../kernel/index.js';
import { type ApiTokenTable, apiTokenByHash, type Db, insertApiToken } from '../store/index.js';

/** The roles a token can have. */
export const ROLES = ['admin', 'ops', 'manager', 'rep', 'agent'] as const;

/** A token's role: what the API lets it reach. */
export type Role = (typeof ROLES)[number];

const nextId = monotonicFactory();

/** The SHA-256 of a token secret, as stored. */
function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A token as listed: never its secret. */
interface TokenInfo {
  id: string;
  role: Role;
  user: string;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** A stored token row as listed. */
export function tokenInfo(r: ApiTokenTable): TokenInfo {
  return {
    id: r.id,
    role: r.role as Role,
    user: r.user_id,
    label: r.label,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    lastUsedAt: r.last_used_at,
  };
}

/** Narrows a string to a role, or a USAGE error naming the roles. */
export function parseRole(value: string): Role {
  if ((ROLES as readonly string[]).includes(value)) return value as Role;
  throw new RevloopsError('USAGE', `--role expects one of ${ROLES.join(', ')}, got ${value}`, [
    { path: 'role', message: `expected one of ${ROLES.join(', ')}` },
  ]);
}

/** Creates a token and returns its secret, which is shown once and stored only as a hash. */
export async function createToken(
  db: Db,
  args: { role: Role; user: string; label?: string; expiresAt?: string; now: Date },
): Promise<TokenInfo & { token: string }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._@-]*$/.test(args.user))
    throw new RevloopsError('USAGE', `--user expects a user id such as u-jon, got ${args.user}`);
  const token = `rlt_${randomBytes(32).toString('base64url')}`;
  const row: ApiTokenTable = {
    id: `tok_${nextId(args.now.getTime())}`,
    hash: hashToken(token),
    role: args.role,
    user_id: args.user,
    label: args.label ?? null,
    created_at: args.now.toISOString(),
    expires_at: args.expiresAt ?? null,
    revoked_at: null,
    last_used_at: null,
  };
  await insertApiToken(db, row);
  return { ...tokenInfo(row), token };
}

/** The live token a secret belongs to: undefined when unknown, revoked or expired. */
export async function liveToken(db: Db, secret: string, now: Date): Promise<ApiTokenTable | undefined> {
  const row = await apiTokenByHash(db, hashToken(secret));
  if (!row || row.revoked_at !== null) return undefined;
  if (row.expires_at !== null && row.expires_at <= now.toISOString()) return undefined;
  return row;
}
