import type { Kysely } from 'kysely';
import type { RecordKind } from '../../kernel/index.js';
import { RECORD_TABLES } from '../schema.js';

/** The record kinds this migration created; later kinds come with migrations of their own. */
const FIRST_KINDS: readonly RecordKind[] = [
  'account',
  'contact',
  'lead',
  'opportunity',
  'user',
  'team',
  'territory',
  'pool',
  'task',
  'activity',
  'customer',
  'usage',
];

/** One record table: id, external id, JSON data, version, times, and three indexed key columns. */
export async function createRecordTable(db: Kysely<unknown>, kind: RecordKind): Promise<void> {
  const table = RECORD_TABLES[kind];
  await db.schema
    .createTable(table)
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('key1', 'text')
    .addColumn('key2', 'text')
    .addColumn('key3', 'text')
    .execute();
  for (const key of ['key1', 'key2', 'key3']) {
    await db.schema.createIndex(`${table}_${key}`).on(table).column(key).execute();
  }
}

/** The built-in records of work, one table per kind with three indexed key columns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const kind of FIRST_KINDS) await createRecordTable(db, kind);
}
