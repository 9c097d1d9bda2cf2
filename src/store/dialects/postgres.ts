import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';

/** Opens a PostgreSQL pool. `schema` isolates a store inside one database (tests use it). */
export function openPostgres(
  url: string,
  options: { schema?: string; poolSize?: number } = {},
): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
