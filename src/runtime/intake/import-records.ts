import { createHash } from 'node:crypto';
import {
  IMPORTABLE_KINDS,
  type Json,
  type JsonObject,
  type RecordKind,
  RevloopsError,
} from '../../kernel/index.js';
import {
  type Db,
  getRecord,
  getRecordByExternalId,
  lockForTransaction,
  type Store,
  writeRecord,
} from '../../store/index.js';
import { RECORD_SCHEMAS } from '../../surfaces/record-schemas.js';
import { canonicalJson } from '../../workspace/index.js';
import type { IntakeMapping } from '../../workspace/intake-mapping.js';
import { showValue } from './convert-value.js';
import { type MappedValues, mapRows } from './map-rows.js';
import type { IntakeProgress, RejectedRow } from './open-rows.js';
import { rejectAt } from './open-rows.js';
import { schemaProblem, sourceOf } from './record-problem.js';
import { typeHints } from './record-type-hints.js';
import type { MappingOrigin } from './resolve-columns.js';

/** The record kinds `importRecords` loads (tasks are made by loops, not imported). */
export { IMPORTABLE_KINDS };

/** Options of `importRecords`. */
export interface ImportOptions {
  /** The column mapping; it must map `externalId`. Without one, CSV headers are the field names. */
  mapping?: IntakeMapping | null;
  origin?: MappingOrigin;
  /** The time written as the records' update time. */
  now: string;
  onProgress?: (progress: IntakeProgress) => void;
  /** Rows written per transaction (default 500). */
  batchSize?: number;
}

/** What importing a file did. */
export interface ImportReport {
  file: string;
  kind: RecordKind;
  read: number;
  created: number;
  updated: number;
  /** Rows whose record already had every imported value: not rewritten. */
  unchanged: number;
  rejected: RejectedRow[];
}

type Outcome = 'created' | 'updated' | 'unchanged';

/**
 * The record id of an imported row: its external id (unsafe characters replaced), so the references
 * of a CRM export (an account's `ownerId`, an opportunity's `accountId`) name the imported records
 * as they are; with a hash suffix when another record of the kind already has that id.
 */
async function newRecordId(db: Db, kind: RecordKind, externalId: string): Promise<string> {
  const id = externalId.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 100);
  if (!(await getRecord(db, kind, id))) return id;
  return `${id}-${createHash('sha256').update(externalId).digest('hex').slice(0, 8)}`;
}

/** What one import carries from row to row. */
interface ImportRun {
  kind: RecordKind;
  now: string;
  mapping: IntakeMapping | null;
  /** The row that first brought each external id; a later row with it is rejected. */
  firstRows: Map<string, number>;
}

/** A row's values without top-level nulls: a CRM export writes null for an empty field, which is absent. */
function withoutNulls(values: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null));
}

async function upsert(db: Db, run: ImportRun, row: MappedValues): Promise<Outcome | RejectedRow> {
  const { kind, mapping } = run;
  const { externalId: ext, ...read } = row.value;
  const idSource = sourceOf(mapping, ['externalId']);
  if (typeof ext !== 'string' && typeof ext !== 'number')
    return rejectAt(row.row, idSource, 'expected text or a number');
  const externalId = String(ext);
  const first = run.firstRows.get(externalId);
  if (first !== undefined)
    return rejectAt(
      row.row,
      idSource,
      `${showValue(externalId)} is also on row ${first}: a file holds one row per external id, and the first is imported`,
    );
  const values = withoutNulls(read);
  const existing = await getRecordByExternalId(db, kind, externalId);
  const record = existing ? { ...existing.values, ...values } : values;
  const problem = schemaProblem(RECORD_SCHEMAS[kind], record, values, row.row, mapping);
  if (problem) return problem;
  run.firstRows.set(externalId, row.row);
  if (
    existing &&
    Object.entries(values).every(([k, v]) => canonicalJson(v) === canonicalJson(existing.values[k]))
  )
    return 'unchanged';
  // A patch: fields the file does not carry (an owner set by a loop) are kept.
  await writeRecord(db, {
    kind,
    id: existing?.id ?? (await newRecordId(db, kind, externalId)),
    values: values as Record<string, Json>,
    op: 'patch',
    externalId,
    now: run.now,
  });
  return existing ? 'updated' : 'created';
}

/**
 * Loads records of work from a .csv or .jsonl file, upserting by external id: a new external id
 * creates a record with that id (see `newRecordId`), a known one keeps its record id and patches the imported fields,
 * and a record whose imported values are unchanged is not rewritten. A null value is absent. Rows
 * that fail the mapping or the kind's schema, and a later row repeating an external id, are
 * rejected with their row number, field, column and value; the others are written.
 */
export async function importRecords(
  store: Store,
  kind: RecordKind,
  file: string,
  options: ImportOptions,
): Promise<ImportReport> {
  if (!(IMPORTABLE_KINDS as readonly string[]).includes(kind))
    throw new RevloopsError(
      'USAGE',
      `cannot import ${kind} records; importable kinds: ${IMPORTABLE_KINDS.join(', ')}`,
    );
  const counts = { created: 0, updated: 0, unchanged: 0 };
  const run: ImportRun = { kind, now: options.now, mapping: options.mapping ?? null, firstRows: new Map() };
  const { read, rejected } = await mapRows(file, {
    mapping: run.mapping,
    batchSize: options.batchSize ?? 500,
    onProgress: options.onProgress,
    typeHints: typeHints(RECORD_SCHEMAS[kind]),
    requiredFields: ['externalId'],
    ...(options.origin ? { origin: options.origin } : {}),
    write: (rows) =>
      store.transaction(async (trx) => {
        // Two imports of one kind at once (two workers starting on the same workspace) take turns
        // batch by batch, so the second finds the first's records by external id instead of
        // creating them again.
        await lockForTransaction(trx, store.dialect, `revloops.import.${kind}`);
        const bad: RejectedRow[] = [];
        for (const row of rows) {
          const outcome = await upsert(trx, run, row);
          if (typeof outcome === 'string') counts[outcome]++;
          else bad.push(outcome);
        }
        return bad;
      }),
  });
  return { file, kind, read, ...counts, rejected };
}
