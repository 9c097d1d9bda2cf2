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

/** PostgreSQL error classes that mean the connection is gone or the server is not serving yet. */
const LOST_SQLSTATE = /^(08...|57P0[1-3])$/;
/** Socket errors of a connection that was refused, reset or cut. */
const LOST_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** What pg says when a connection ended under it. */
const LOST_MESSAGE = /Connection terminated|not queryable|timeout exceeded when trying to connect/i;

/**
 * True when an error means the database connection was lost or refused (a server restart, a network
 * cut): the caller may retry once the server is back. A transaction cut off this way rolled back,
 * unless its COMMIT reached the server and only the reply was lost; the engine's writes are keyed
 * (one decision per event and loop, events held by lease), so a retry in that case doubles nothing.
 */
export function isConnectionLoss(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as Error & { code?: unknown }).code;
    if (typeof code === 'string' && (LOST_SQLSTATE.test(code) || LOST_ERRNO.has(code))) return true;
    if (LOST_MESSAGE.test(e.message)) return true;
    if (e instanceof AggregateError && e.errors.some((inner) => isConnectionLoss(inner))) return true;
    e = (e as Error & { cause?: unknown }).cause;
  }
  return false;
}
