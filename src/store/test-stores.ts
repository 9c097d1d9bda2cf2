import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it } from 'vitest';
import { openStore, type Store, type StoreLocation } from './open-store.js';

/** The dialects every conformance test runs against. */
export type Dialect = 'sqlite' | 'postgres';

const DIALECTS: readonly Dialect[] = ['sqlite', 'postgres'];

/** The PostgreSQL the suite uses (trust auth); override with REVLOOPS_TEST_PG_URL. */
const PG_URL = process.env.REVLOOPS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** Connects once with a short timeout: null when PostgreSQL answers, else why it did not. */
async function probePostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const pgProblem = await probePostgres(PG_URL);
const inCi = process.env.CI === 'true';
const pgMessage = `PostgreSQL at ${redact(PG_URL)} is unreachable (${pgProblem ?? ''})`;
if (pgProblem !== null && !inCi) {
  console.log(
    `store conformance: ${pgMessage}; skipping the postgres half (set REVLOOPS_TEST_PG_URL, or CI=true to fail)`,
  );
}

/** Every table the store owns (all but the migration bookkeeping), emptied between tests. */
async function storeTables(store: Store): Promise<string[]> {
  const q =
    store.dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite%'`
      : sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`;
  const rows = (await q.execute(store.db)).rows;
  return rows.map((r) => r.name).filter((name) => !name.startsWith('revloops_migrations'));
}

/** What a conformance test gets: the open store, its location (to reopen it) and its dialect. */
export interface TestStore {
  readonly dialect: Dialect;
  readonly store: Store;
  readonly location: StoreLocation;
}

async function openTestStore(dialect: Dialect): Promise<{ handle: TestStore; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'revloops-store-'));
    const location: StoreLocation = { kind: 'sqlite', path: join(dir, 'store.db') };
    const store = await openStore(location);
    const cleanup = async (): Promise<void> => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return { handle: { dialect, store, location }, cleanup };
  }
  const schema = `rl_test_${randomBytes(6).toString('hex')}`;
  const location: StoreLocation = { kind: 'postgres', url: PG_URL, schema };
  const store = await openStore(location);
  const cleanup = async (): Promise<void> => {
    await store.close();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(`drop schema if exists "${schema}" cascade`);
    } finally {
      await client.end();
    }
  };
  return { handle: { dialect, store, location }, cleanup };
}

/**
 * Declares a block of store tests once and runs it against every dialect, each on a fresh
 * store (a temp SQLite file, a fresh PostgreSQL schema) emptied before every test. Prints how
 * many tests passed per dialect when the file ends.
 */
export function conformance(title: string, body: (t: () => TestStore, dialect: Dialect) => void): void {
  const passed: Record<Dialect, number> = { sqlite: 0, postgres: 0 };
  describe.each(DIALECTS)(`store conformance: ${title} [%s]`, (dialect) => {
    const skip = dialect === 'postgres' && pgProblem !== null && !inCi;
    describe.skipIf(skip)(dialect, () => {
      if (dialect === 'postgres' && pgProblem !== null) {
        it('needs a reachable PostgreSQL when CI=true', () => {
          throw new Error(`${pgMessage}; CI=true requires PostgreSQL for the store conformance suite`);
        });
        return;
      }
      let handle: TestStore | undefined;
      let cleanup: (() => Promise<void>) | undefined;
      let tables: string[] = [];
      beforeAll(async () => {
        ({ handle, cleanup } = await openTestStore(dialect));
        tables = await storeTables(handle.store);
      });
      afterAll(async () => {
        await cleanup?.();
      });
      beforeEach(async () => {
        const db = handle?.store.db;
        for (const table of tables) if (db) await sql`delete from ${sql.table(table)}`.execute(db);
      });
      afterEach((ctx) => {
        if (ctx.task.result?.state === 'pass') passed[dialect]++;
      });
      body(() => {
        if (!handle) throw new Error(`the ${dialect} test store is not open`);
        return handle;
      }, dialect);
    });
  });
  afterAll(() => {
    console.log(
      `store conformance (${title}): sqlite ${passed.sqlite} tests, postgres ${passed.postgres} tests`,
    );
  });
}
