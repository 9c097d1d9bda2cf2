import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema.js';

/** Ignores a connection's error event: the query in flight (or the next one) fails with it instead. */
const ignoreConnectionError = (): void => undefined;

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
  // When the server restarts or the network drops, pg emits `error` on the pool (idle clients) and
  // on every client, including one checked out between two queries of a transaction; with no listener
  // that event ends the process. The pool already drops a broken client, and the failed query rejects
  // in the caller, which retries (see isConnectionLoss), so both events only need a listener.
  pool.on('error', ignoreConnectionError);
  pool.on('connect', (client) => client.on('error', ignoreConnectionError));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
