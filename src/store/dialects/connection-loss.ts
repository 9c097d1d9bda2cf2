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
