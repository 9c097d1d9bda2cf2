import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../schema.js';

/**
 * Every native handle this process opened. On Node 24, better-sqlite3 12 aborts the process when
 * the garbage collector destroys one of its databases or statements at a moment when no Node
 * environment is current (its destructor asserts on it). Handles that stay reachable are never
 * destroyed by the collector, so the process keeps them: a closed database costs a few bytes, and
 * statements are keyed by SQL text, which the store's queries keep to a small set.
 */
const handles = new Map<SqliteDatabase.Database, Map<string, SqliteDatabase.Statement>>();

/** Opens the embedded SQLite file in WAL mode, creating its folder. */
export function openSqlite(path: string): Kysely<Database> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SqliteDatabase(path);
  // exec, not pragma(): pragma() prepares throwaway statements (see `handles`).
  database.exec(
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;',
  );
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/**
 * Keeps prepared statements by SQL text, for the life of the connection. Kysely prepares every
 * query it runs; preparing is the largest cost of a small insert, and the engine runs the same
 * statements all day. Multi-row inserts are chunked, so their texts are bounded too.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  handles.set(database, cache);
  const prepare = (source: string): SqliteDatabase.Statement => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = database.prepare(source);
      cache.set(source, stmt);
    }
    return stmt;
  };
  // Kysely's SQLite driver only prepares statements and closes the database.
  return { prepare, close: () => database.close() } as unknown as SqliteDatabase.Database;
}
