import { RevloopsError } from '../../kernel/index.js';
import type { MappedRow, RowData } from './compile-mapping.js';
import { openCsv } from './read-csv.js';
import { checkJsonl, openJsonl } from './read-jsonl.js';
import { formatOf, type RowSource, type SourceRow } from './source-rows.js';

/** A row that was not taken, with its 1-based row (CSV, header = row 1) or line (JSONL) number. */
export interface RejectedRow {
  row: number;
  /** What was wrong, naming the column and field, e.g. `column "Amount" (amount): "abc" is not a number`. */
  reason: string;
  column?: string;
  field?: string;
}

/** How far reading a file has got, for progress bars. */
export interface IntakeProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
}

/** Opens a .csv or .jsonl file by its extension. */
export async function openRows(file: string): Promise<RowSource> {
  const format = formatOf(file);
  return format === 'csv' ? openCsv(file) : openJsonl(file);
}

/**
 * Reads a whole file once, keeping nothing, so that a CSV syntax error, a byte that is not UTF-8
 * or a read failure anywhere in it is found before any row is used. JSONL lines are not parsed
 * here: a line that is not JSON is a rejected row, not a failure of the file.
 */
export async function checkRows(file: string): Promise<void> {
  if (formatOf(file) === 'jsonl') return checkJsonl(file);
  for await (const _row of eachRow(await openCsv(file)));
}

/** The rejection of a row that could not be read or mapped. */
export function rejection(source: SourceRow, mapped?: MappedRow): RejectedRow {
  if ('error' in source) return { row: source.row, reason: source.error };
  if (!mapped || mapped.ok) throw new RevloopsError('INTERNAL', `row ${source.row} was not rejected`);
  return rejectAt(source.row, mapped, mapped.reason);
}

/** A rejected row naming its field and, when it came from one, its column: `column "Seats" (seats): …`. */
export function rejectAt(
  row: number,
  at: { field: string; column: string | null },
  what: string,
): RejectedRow {
  const { field, column } = at;
  const where =
    column === null
      ? `field ${field}`
      : column === field
        ? `column "${column}"`
        : `column "${column}" (${field})`;
  return { row, reason: `${where}: ${what}`, field, ...(column === null ? {} : { column }) };
}

/** Reads every row of an open source, always closing it. */
export async function* eachRow(source: RowSource): AsyncGenerator<SourceRow> {
  try {
    yield* source.rows;
  } finally {
    source.close();
  }
}

/** Narrows a source row to data (not a read error). */
export function isData(row: SourceRow): row is RowData {
  return !('error' in row);
}
