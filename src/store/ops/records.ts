import { type Expression, type SqlBool, sql } from 'kysely';
import {
  type JsonObject,
  type RecordFilter,
  type RecordKind,
  RevloopsError,
  type StoredRecord,
} from '../../kernel/index.js';
import { preparedStatement, withSqlite } from '../dialects/sqlite.js';
import type { Db } from '../open-store.js';
import {
  type DerivedColumn,
  RECORD_DERIVED_COLUMNS,
  RECORD_KEYS,
  RECORD_TABLES,
  type RecordTable,
} from '../schema.js';
import { chunks } from './chunks.js';

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

/** The columns a stored record is read from: a row of the others costs as much again to fetch. */
const STORED = ['id', 'external_id', 'data', 'version', 'updated_at'] as const;
/** The same, as SQL. */
const STORED_SQL = STORED.join(', ');

function toStored(r: Pick<RecordTable, (typeof STORED)[number]>): StoredRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    values: JSON.parse(r.data),
    version: Number(r.version),
    updatedAt: r.updated_at,
  };
}

/**
 * Equality on a field inside the JSON data (dotted path for nested fields). Types are compared
 * too, so 5 never matches '5' and true never matches 1 or 'true', on both dialects; null matches
 * an explicit null and a missing field.
 */
function jsonCondition(
  dialect: 'sqlite' | 'postgres',
  field: string,
  value: RecordFilter[string],
): Expression<SqlBool> {
  const parts = field.split('.');
  if (dialect === 'postgres') {
    if (value === null) return sql<SqlBool>`(data::jsonb #>> ${parts}::text[]) is null`;
    return sql<SqlBool>`(data::jsonb #> ${parts}::text[]) = ${JSON.stringify(value)}::jsonb`;
  }
  const path = `$.${parts.map((p) => `"${p}"`).join('.')}`;
  const target = sql`json_extract(data, ${path})`;
  if (value === null) return sql<SqlBool>`${target} is null`;
  // json_extract turns true into 1 and loses the type; json_type keeps 1, '1' and true apart.
  const type = sql`json_type(data, ${path})`;
  if (typeof value === 'boolean') return sql<SqlBool>`(${type} = ${value ? 'true' : 'false'})`;
  if (typeof value === 'number')
    return sql<SqlBool>`(${type} in ('integer', 'real') and ${target} = ${value})`;
  return sql<SqlBool>`(${type} = 'text' and ${target} = ${value})`;
}

function columnEquals(column: KeyColumn | DerivedColumn, value: RecordFilter[string]): Expression<SqlBool> {
  return value === null
    ? sql<SqlBool>`${sql.ref(column)} is null`
    : sql<SqlBool>`${sql.ref(column)} = ${keyValue(value)}`;
}

function condition(
  dialect: 'sqlite' | 'postgres',
  kind: RecordKind,
  field: string,
  value: RecordFilter[string],
): Expression<SqlBool> {
  const column = keyColumn(kind, field);
  if (column) return columnEquals(column, value);
  const derived = typeof value === 'string' ? RECORD_DERIVED_COLUMNS[kind]?.[field] : undefined;
  const json = jsonCondition(dialect, field, value);
  return derived ? sql<SqlBool>`(${columnEquals(derived, value)} and ${json})` : json;
}

/** The table of a record kind. */
function table(kind: RecordKind) {
  return RECORD_TABLES[kind];
}

/** One record by id. */
export async function getRecord(db: Db, kind: RecordKind, id: string): Promise<StoredRecord | null> {
  const native = await withSqlite(
    db,
    (database) =>
      (preparedStatement(database, `select ${STORED_SQL} from ${table(kind)} where id = ?`).get(id) as
        | RecordTable
        | undefined) ?? null,
    'read',
  );
  if (native !== undefined) return native && toStored(native);
  const r = await db.selectFrom(table(kind)).select(STORED).where('id', '=', id).executeTakeFirst();
  return r ? toStored(r) : null;
}

/** Ids per statement when records are read by id in bulk. */
const IDS_PER_READ = 500;
/** From this many ids, SQLite reads the whole table when they are a quarter of it or more. */
const SCAN_FROM = 10_000;
/** The placeholders of one bulk read: a `?` per id. */
const ID_PLACEHOLDERS = Array.from({ length: IDS_PER_READ }, () => '?').join(', ');

/**
 * Hands `each` the id and fields of every stored record of a kind among `ids`, once, read a few
 * hundred per statement instead of one statement per id (a plan patches every account), and on
 * SQLite in one pass over the table when they are most of it. Only the id and the fields are read,
 * and nothing is kept: a caller that needs a few fields of a million records holds only those.
 * `each` may take the ids it is handed out of `ids` as they come.
 */
export async function eachRecordValues(
  db: Db,
  kind: RecordKind,
  ids: { readonly size: number; has(id: string): boolean; keys(): Iterable<string> },
  each: (id: string, values: JsonObject) => void,
): Promise<void> {
  if (ids.size === 0) return;
  const native = await withSqlite(
    db,
    (database) => {
      if (ids.size >= SCAN_FROM) {
        const { n } = preparedStatement(database, `select count(*) as n from ${table(kind)}`).get() as {
          n: number;
        };
        if (ids.size * 4 >= n) {
          const all = preparedStatement(database, `select id, data from ${table(kind)}`);
          for (const r of all.iterate() as IterableIterator<{ id: string; data: string }>)
            if (ids.has(r.id)) each(r.id, JSON.parse(r.data) as JsonObject);
          return true;
        }
      }
      // One statement for every chunk: the last one is padded with its own last id.
      const select = preparedStatement(
        database,
        `select id, data from ${table(kind)} where id in (${ID_PLACEHOLDERS})`,
      );
      for (const chunk of chunks([...ids.keys()], IDS_PER_READ)) {
        const padded = [...chunk];
        while (padded.length < IDS_PER_READ) padded.push(chunk[chunk.length - 1] as string);
        // An id the padding repeats still reads one row: `in` matches a row once.
        for (const r of select.all(...padded) as { id: string; data: string }[])
          each(r.id, JSON.parse(r.data) as JsonObject);
      }
      return true;
    },
    'read',
  );
  if (native) return;
  for (const chunk of chunks([...ids.keys()], IDS_PER_READ))
    for (const r of await db
      .selectFrom(table(kind))
      .select(['id', 'data'])
      .where('id', 'in', chunk)
      .execute())
      each(r.id, JSON.parse(r.data) as JsonObject);
}

/** One record by its CRM external id. */
export async function getRecordByExternalId(
  db: Db,
  kind: RecordKind,
  externalId: string,
): Promise<StoredRecord | null> {
  const r = await db
    .selectFrom(table(kind))
    .select(STORED)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return r ? toStored(r) : null;
}

/** The records of a kind whose fields equal the filter. */
function filtered(db: Db, dialect: 'sqlite' | 'postgres', kind: RecordKind, filter: RecordFilter) {
  let q = db.selectFrom(table(kind));
  for (const [field, value] of Object.entries(filter)) q = q.where(condition(dialect, kind, field, value));
  return q;
}

/** The query that counts the records matching a filter (its plan is checked in tests). */
export function countQuery(db: Db, dialect: 'sqlite' | 'postgres', kind: RecordKind, filter: RecordFilter) {
  return filtered(db, dialect, kind, filter).select(sql<string>`count(*)`.as('n'));
}

/** Records whose fields equal the filter, by id. */
export async function findRecords(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  kind: RecordKind,
  filter: RecordFilter,
  limit?: number,
  after?: string,
): Promise<StoredRecord[]> {
  let q = filtered(db, dialect, kind, filter).select(STORED).orderBy('id');
  if (after !== undefined) q = q.where('id', '>', after);
  if (limit !== undefined) q = q.limit(limit);
  // On SQLite the statement is prepared once per shape of filter (values are parameters): a loop
  // that reads a million records a page at a time runs one statement a page, nothing built between.
  const { sql: text, parameters } = q.compile();
  const native = await withSqlite(
    db,
    (database) =>
      preparedStatement(database, text).all(...parameters) as Pick<RecordTable, (typeof STORED)[number]>[],
    'read',
  );
  return (native ?? (await q.execute())).map(toStored);
}

/** How many records match the filter. */
export async function countRecords(
  db: Db,
  dialect: 'sqlite' | 'postgres',
  kind: RecordKind,
  filter: RecordFilter,
): Promise<number> {
  const r = await countQuery(db, dialect, kind, filter).executeTakeFirstOrThrow();
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
  const { now, externalId, ...op } = args;
  await applyRecordWrites(db, [{ ...op, ...(externalId === undefined ? {} : { externalId }) }], now);
  return { before: current?.values ?? null, after, version: (current?.version ?? 0) + 1 };
}

/** One write in a batch of record writes. */
export interface RecordWriteOp {
  kind: RecordKind;
  id: string;
  op: 'upsert' | 'patch' | 'delete';
  values: JsonObject;
  /** Sets the CRM external id; left out, the stored one is kept. */
  externalId?: string | null;
}

/** The stored state of one record while a batch of writes folds into it. */
interface Folded {
  values: JsonObject | null;
  version: number;
  createdAt: string;
  existed: boolean;
  externalId: string | null;
}

/** Folds a kind's writes, in order, into the rows stored before them. */
function fold(
  ops: readonly RecordWriteOp[],
  current: ReadonlyMap<string, RecordTable>,
  now: string,
): Map<string, Folded> {
  const state = new Map<string, Folded>();
  for (const o of ops) {
    let s = state.get(o.id);
    if (!s) {
      const r = current.get(o.id);
      s = {
        values: r ? JSON.parse(r.data) : null,
        version: r ? Number(r.version) : 0,
        createdAt: r?.created_at ?? now,
        existed: Boolean(r),
        externalId: r?.external_id ?? null,
      };
      state.set(o.id, s);
    }
    if (o.externalId !== undefined) s.externalId = o.externalId;
    s.values =
      o.op === 'delete'
        ? null
        : o.op === 'patch' && s.values
          ? { ...s.values, ...o.values }
          : { ...o.values };
    s.version++;
  }
  return state;
}

function recordRow(kind: RecordKind, id: string, s: Folded, now: string): RecordTable {
  return {
    id,
    external_id: s.externalId,
    data: JSON.stringify(s.values),
    version: s.version,
    created_at: s.createdAt,
    updated_at: now,
    ...keys(kind, s.values as JsonObject),
  };
}

function groupByKind(writes: readonly RecordWriteOp[]): Map<RecordKind, RecordWriteOp[]> {
  const byKind = new Map<RecordKind, RecordWriteOp[]>();
  for (const w of writes) {
    const list = byKind.get(w.kind);
    if (list) list.push(w);
    else byKind.set(w.kind, [w]);
  }
  return byKind;
}

/**
 * The native SQLite path of applyRecordWrites: one prepared statement per write, in order, so
 * writes to one record fold as they would one by one. An upsert needs no read (the version counts
 * up in the statement); a patch reads the record to merge into it.
 */
function applyOnSqlite(
  database: Parameters<Parameters<typeof withSqlite>[1]>[0],
  writes: readonly RecordWriteOp[],
  now: string,
): true {
  for (const o of writes) {
    const t = table(o.kind);
    if (o.op === 'delete') {
      preparedStatement(database, `delete from ${t} where id = ?`).run(o.id);
      continue;
    }
    let values = o.values;
    if (o.op === 'patch') {
      const r = preparedStatement(database, `select data from ${t} where id = ?`).get(o.id) as
        | { data: string }
        | undefined;
      if (r) values = { ...(JSON.parse(r.data) as JsonObject), ...o.values };
    }
    const keep = o.externalId === undefined;
    const [key1, key2, key3] = Object.values(keys(o.kind, values));
    preparedStatement(
      database,
      `insert into ${t} (id, external_id, data, version, created_at, updated_at, key1, key2, key3) values (?, ?, ?, 1, ?, ?, ?, ?, ?) on conflict (id) do update set ${keep ? '' : 'external_id = excluded.external_id, '}data = excluded.data, version = ${t}.version + 1, updated_at = excluded.updated_at, key1 = excluded.key1, key2 = excluded.key2, key3 = excluded.key3`,
    ).run(o.id, keep ? null : o.externalId, JSON.stringify(values), now, now, key1, key2, key3);
  }
  return true;
}

/**
 * Applies many record writes in order with one read and one upsert per record: writes to the
 * same record fold in order (patch merges, upsert replaces, delete removes), and each write
 * counts one version, as if they had been applied one by one. SQLite runs one prepared statement
 * per write; PostgreSQL one read and multi-row upserts per kind.
 */
export async function applyRecordWrites(
  db: Db,
  writes: readonly RecordWriteOp[],
  now: string,
): Promise<void> {
  if (writes.length === 0) return;
  if (await withSqlite(db, (database) => applyOnSqlite(database, writes, now))) return;
  for (const [kind, ops] of groupByKind(writes)) await applyKindOnPostgres(db, kind, ops, now);
}

/** The stored rows of `ids`, locked until the transaction ends (in id order, so two writers cannot deadlock). */
async function lockRows(db: Db, kind: RecordKind, ids: readonly string[]): Promise<Map<string, RecordTable>> {
  const current = new Map<string, RecordTable>();
  for (const chunk of chunks([...ids].sort(), 500)) {
    const rows = await db
      .selectFrom(table(kind))
      .selectAll()
      .where('id', 'in', chunk)
      .orderBy('id')
      .forUpdate()
      .execute();
    for (const r of rows) current.set(r.id, r);
  }
  return current;
}

/**
 * One kind's writes on PostgreSQL. Stored rows are locked before the fold, so a concurrent worker
 * writing the same record waits and folds onto this write's result. A record that did not exist
 * cannot be locked: it is inserted only if it still does not exist, and when another worker
 * created it meanwhile, its writes fold again onto that worker's committed row, now locked, so
 * neither version counts nor patched fields are lost.
 */
async function applyKindOnPostgres(
  db: Db,
  kind: RecordKind,
  ops: readonly RecordWriteOp[],
  now: string,
): Promise<void> {
  let pending = ops;
  // Each round settles every record that exists; a record created by another worker between
  // this round's read and insert goes to the next round, so two rounds settle all but a record
  // deleted and created again meanwhile.
  for (let round = 0; pending.length > 0; round++) {
    if (round === 10)
      throw new RevloopsError(
        'CONFLICT',
        `${kind} records kept changing under a concurrent writer: ${pending[0]?.id}`,
      );
    const current = await lockRows(db, kind, [...new Set(pending.map((o) => o.id))]);
    const state = fold(pending, current, now);
    const gone = [...state].filter(([, s]) => s.values === null && s.existed).map(([id]) => id);
    for (const chunk of chunks(gone, 500))
      await db.deleteFrom(table(kind)).where('id', 'in', chunk).execute();
    const kept = [...state].filter(([, s]) => s.values !== null);
    const stored = kept.filter(([, s]) => s.existed).map(([id, s]) => recordRow(kind, id, s, now));
    for (const chunk of chunks(stored, 300)) {
      await db
        .insertInto(table(kind))
        .values(chunk)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            external_id: eb.ref('excluded.external_id'),
            data: eb.ref('excluded.data'),
            version: eb.ref('excluded.version'),
            updated_at: eb.ref('excluded.updated_at'),
            key1: eb.ref('excluded.key1'),
            key2: eb.ref('excluded.key2'),
            key3: eb.ref('excluded.key3'),
          })),
        )
        .execute();
    }
    const created = kept.filter(([, s]) => !s.existed).map(([id, s]) => recordRow(kind, id, s, now));
    const inserted = new Set<string>();
    for (const chunk of chunks(created, 300)) {
      const rows = await db
        .insertInto(table(kind))
        .values(chunk)
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .execute();
      for (const r of rows) inserted.add(r.id);
    }
    const raced = new Set(created.filter((r) => !inserted.has(r.id)).map((r) => r.id));
    pending = pending.filter((o) => raced.has(o.id));
  }
}
