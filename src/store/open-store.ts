import { type Kysely, Migrator, sql, type Transaction } from 'kysely';
import { RevloopsError } from '../kernel/index.js';
import { bindSqliteTransaction, openSqlite } from './dialects/sqlite.js';
import { migrationProvider, migrations } from './migrations/index.js';
import type { Database } from './schema.js';

/** Where the store lives: the embedded SQLite file or a PostgreSQL URL. */
export type StoreLocation =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; schema?: string; poolSize?: number };

/** A database handle or an open transaction: every store operation takes one. */
export type Db = Kysely<Database> | Transaction<Database>;

/** An open, migrated store. */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';
  readonly db: Kysely<Database>;
  /** Runs `fn` in one transaction; everything it writes commits or nothing does. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Applies every pending numbered migration. On PostgreSQL pass the store's schema: Kysely
 * otherwise finds the migration tables of any schema in the database and skips creating its own.
 */
async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  if (schema && (await upToDate(db, schema))) return;
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableName: 'revloops_migrations',
    migrationLockTableName: 'revloops_migrations_lock',
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) return;
    const message = error instanceof Error ? error.message : String(error);
    // The migrator reads the tables of every schema in the database; a schema another store drops
    // meanwhile makes that read fail. Nothing of ours was touched: read again.
    if (
      schema &&
      attempt < 5 &&
      /^schema ".*" does not exist$/.test(message) &&
      !message.includes(`"${schema}"`)
    )
      continue;
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new RevloopsError('STORE_UNAVAILABLE', `migration ${failed} failed: ${message}`);
  }
}

/** Whether a PostgreSQL schema has every migration applied (the common case: one cheap read). */
async function upToDate(db: Kysely<Database>, schema: string): Promise<boolean> {
  const table = `"${schema.replaceAll('"', '""')}".revloops_migrations`;
  const found = await sql<{ t: string | null }>`select to_regclass(${table}) as t`.execute(db);
  if (!found.rows[0]?.t) return false;
  const applied = await sql<{
    name: string;
  }>`select name from ${sql.table(`${schema}.revloops_migrations`)}`.execute(db);
  const names = new Set(applied.rows.map((r) => r.name));
  return Object.keys(migrations).every((name) => names.has(name));
}

/** The schema unqualified names resolve to (the first of the search path). */
async function currentSchema(db: Kysely<Database>): Promise<string | undefined> {
  const r = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return r.rows[0]?.schema ?? undefined;
}

/** Opens the store, creates the PostgreSQL schema if asked, and applies migrations. */
export async function openStore(location: StoreLocation): Promise<Store> {
  let db: Kysely<Database>;
  try {
    if (location.kind === 'sqlite') {
      db = openSqlite(location.path);
    } else {
      // The PostgreSQL driver loads when a store on PostgreSQL opens, not with every command.
      const { openPostgres } = await import('./dialects/postgres.js');
      if (location.schema) {
        const admin = openPostgres(location.url, { poolSize: 1 });
        await sql`create schema if not exists ${sql.id(location.schema)}`.execute(admin);
        await admin.destroy();
      }
      db = openPostgres(location.url, location);
    }
    await migrate(db, location.kind === 'postgres' ? await currentSchema(db) : undefined);
  } catch (err) {
    if (err instanceof RevloopsError) throw err;
    const where = location.kind === 'sqlite' ? location.path : 'PostgreSQL (REVLOOPS_DATABASE_URL)';
    throw new RevloopsError(
      'STORE_UNAVAILABLE',
      `cannot open the store at ${where}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return {
    dialect: location.kind,
    db,
    transaction: (fn) =>
      db.transaction().execute((trx) => {
        bindSqliteTransaction(db, trx);
        return fn(trx);
      }),
    close: () => db.destroy(),
  };
}
