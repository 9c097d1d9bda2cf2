import { type Expression, type SqlBool, sql } from 'kysely';
import type { JsonObject, RecordFilter, RecordKind, StoredRecord } from '../../kernel/index.js';
import type { Db } from '../open-store.js';
import { RECORD_KEYS, RECORD_TABLES, type RecordTable } from '../schema.js';

type KeyColumn = 'key1' | 'key2' | 'key3';
const KEY_COLUMNS: readonly KeyColumn[] = ['key1', 'key2', 'key3'];

function keyColumn(kind: RecordKind, field: string): KeyColumn | undefined {
  const i = RECORD_KEYS[kind].indexOf(field);
  return i >= 0 ? KEY_COLUMNS[i] : undefined;
}

function keyValue(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function toStored(r: RecordTable): StoredRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    values: JSON.parse(r.data),
    version: Number(r.version),
    updatedAt: r.updated_at,
  };
}

function jsonField(dialect: 'sqlite' | 'postgres', field: string): Expression<unknown> {
  const parts = field.split('.');
  if (dialect === 'sqlite') return sql`json_extract(data, ${`$.${parts.map((p) => `"${p}"`).join('.')}`})`;
  return sql`(data::jsonb #>> ${`{${parts.join(',')}}`})`;
}

function condition(
  dialect: 'sqlite' | 'postgres',
  kind: RecordKind,
  field: string,
  value: RecordFilter[string],
): Expression<SqlBool> {
  const column = keyColumn(kind, field);
  if (column) {
    return value === null
      ? sql<SqlBool>`${sql.ref(column)} is null`
      : sql<SqlBool>`${sql.ref(column)} = ${keyValue(value)}`;
  }
  const target = jsonField(dialect, field);
  if (value === null) return sql<SqlBool>`${target} is null`;
  if (dialect === 'sqlite') {
    const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    return sql<SqlBool>`${target} = ${v}`;
  }
  return sql<SqlBool>`${target} = ${String(value)}`;
}

/** The table of a record kind. */
function table(kind: RecordKind) {
  return RECORD_TABLES[kind];
}

/** One record by id. */
export async function getRecord(db: Db, kind: RecordKind, id: string): Promise<StoredRecord | null> {
  const r = await db.selectFrom(table(kind)).selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toStored(r) : null;
}

/** One record by its CRM external id. */
export async function getRecordByExternalId(
  db: Db,
  kind: RecordKind,
  externalId: string,
): Promise<StoredRecord | null> {
  const r = await db
    .selectFrom(table(kind))
    .selectAll()
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return r ? toStored(r) : null;
}

/** Records whose fields equal the filter, by id. */
export async function findRecords(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  kind: RecordKind,
  filter: RecordFilter,
  limit?: number,
): Promise<StoredRecord[]> {
  let q = db.selectFrom(table(kind)).selectAll().orderBy('id');
  for (const [field, value] of Object.entries(filter)) q = q.where(condition(dialect, kind, field, value));
  if (limit !== undefined) q = q.limit(limit);
  return (await q.execute()).map(toStored);
}

/** How many records match the filter. */
export async function countRecords(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  kind: RecordKind,
  filter: RecordFilter,
): Promise<number> {
  let q = db.selectFrom(table(kind)).select(sql<string>`count(*)`.as('n'));
  for (const [field, value] of Object.entries(filter)) q = q.where(condition(dialect, kind, field, value));
  const r = await q.executeTakeFirstOrThrow();
  return Number(r.n);
}

function keys(kind: RecordKind, values: JsonObject): Pick<RecordTable, KeyColumn> {
  const [a, b, c] = RECORD_KEYS[kind];
  return {
    key1: a ? keyValue(values[a]) : null,
    key2: b ? keyValue(values[b]) : null,
    key3: c ? keyValue(values[c]) : null,
  };
}

/**
 * Writes a record: `upsert` replaces its fields, `patch` merges them into the stored ones.
 * Returns the fields before and after, for the audit trail.
 */
export async function writeRecord(
  db: Db,
  args: {
    kind: RecordKind;
    id: string;
    values: JsonObject;
    op: 'upsert' | 'patch';
    externalId?: string | null;
    now: string;
  },
): Promise<{ before: JsonObject | null; after: JsonObject; version: number }> {
  const current = await getRecord(db, args.kind, args.id);
  const after = args.op === 'patch' && current ? { ...current.values, ...args.values } : { ...args.values };
  if (!current) {
    await db
      .insertInto(table(args.kind))
      .values({
        id: args.id,
        external_id: args.externalId ?? null,
        data: JSON.stringify(after),
        version: 1,
        created_at: args.now,
        updated_at: args.now,
        ...keys(args.kind, after),
      })
      .execute();
    return { before: null, after, version: 1 };
  }
  const version = current.version + 1;
  await db
    .updateTable(table(args.kind))
    .set({
      data: JSON.stringify(after),
      version,
      updated_at: args.now,
      ...(args.externalId === undefined ? {} : { external_id: args.externalId }),
      ...keys(args.kind, after),
    })
    .where('id', '=', args.id)
    .execute();
  return { before: current.values, after, version };
}
