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
    'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;',
  );
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  natives.set(db, { database, inTransaction: false });
  return db;
}

/**
 * Keeps prepared statements by SQL text, for the life of the connection. Kysely prepares every
 * query it runs; preparing is the largest cost of a small insert, and the engine runs the same
 * statements all day. Multi-row inserts are chunked, so their texts are bounded too.
 */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  handles.set(database, new Map());
  const prepare = (source: string) => preparedStatement(database, source);
  // Kysely's SQLite driver only prepares statements and closes the database.
  return { prepare, close: () => database.close() } as unknown as SqliteDatabase.Database;
}

/** The native handle behind each SQLite Kysely instance and each open transaction on it. */
const natives = new WeakMap<object, { database: SqliteDatabase.Database; inTransaction: boolean }>();

/** Notes that `trx`, a transaction on `db`, runs on the same native handle. */
export function bindSqliteTransaction(db: object, trx: object): void {
  const bound = natives.get(db);
  if (bound) natives.set(trx, { database: bound.database, inTransaction: true });
}

/** A statement prepared once per handle and SQL text (see `handles`). */
export function preparedStatement(
  database: SqliteDatabase.Database,
  source: string,
): SqliteDatabase.Statement {
  let cache = handles.get(database);
  if (!cache) {
    cache = new Map();
    handles.set(database, cache);
  }
  let stmt = cache.get(source);
  if (!stmt) {
    stmt = database.prepare(source);
    cache.set(source, stmt);
  }
  return stmt;
}

/**
 * Runs `fn` on the native SQLite handle behind `db`, or returns undefined when `db` is not SQLite.
 * The hot path of the engine runs its statements this way: prepared once, bound positionally,
 * one row per call, which is how SQLite inserts fastest, with no query building in between. In a
 * transaction `fn` runs at once, on the connection the transaction holds; on the root handle it
 * first takes the connection, so it never runs inside another caller's open transaction, and runs
 * `fn` (unless it only reads) in a transaction of its own, so its statements commit together.
 */
export async function withSqlite<T>(
  db: object,
  fn: (database: SqliteDatabase.Database) => T,
  mode: 'write' | 'read' = 'write',
): Promise<T | undefined> {
  const bound = natives.get(db);
  if (!bound) return undefined;
  if (bound.inTransaction) return fn(bound.database);
  // Several writes outside a transaction would commit one by one: run them as one.
  const run =
    mode === 'read' ? () => fn(bound.database) : bound.database.transaction(() => fn(bound.database));
  return (db as Kysely<Database>).connection().execute(async () => run());
}
