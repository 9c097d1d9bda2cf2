import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import type { StoreLocation } from '../../src/index.js';

/** The PostgreSQL the end-to-end tests use (trust auth); override with REVLOOPS_TEST_PG_URL. */
export const PG_URL = process.env.REVLOOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgUp = await reachable();
if (!pgUp && process.env.CI === 'true')
  throw new Error(`PostgreSQL at ${PG_URL} is unreachable; CI=true requires it`);

/** The dialects to run end-to-end tests on: PostgreSQL whenever it is reachable (always in CI). */
export const DIALECTS: readonly ('sqlite' | 'postgres')[] = pgUp ? ['sqlite', 'postgres'] : ['sqlite'];

/** The CLI environment that points a workspace at a fresh PostgreSQL schema, or at its SQLite file. */
export function storeEnv(dialect: 'sqlite' | 'postgres'): {
  env: NodeJS.ProcessEnv;
  drop: () => Promise<void>;
} {
  if (dialect === 'sqlite') return { env: {}, drop: async () => undefined };
  const schema = `rl_e2e_${randomBytes(5).toString('hex')}`;
  return {
    env: { REVLOOPS_DATABASE_URL: PG_URL, REVLOOPS_DATABASE_SCHEMA: schema },
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

/** Where the CLI keeps a workspace's store under `storeEnv`'s environment: the schema it names, else the SQLite file. */
export function storeLocation(dir: string, env: NodeJS.ProcessEnv): StoreLocation {
  const url = env.REVLOOPS_DATABASE_URL;
  if (url)
    return {
      kind: 'postgres',
      url,
      ...(env.REVLOOPS_DATABASE_SCHEMA ? { schema: env.REVLOOPS_DATABASE_SCHEMA } : {}),
    };
  return { kind: 'sqlite', path: join(dir, '.revloops/revloops.db') };
}
