import { type Stats, statSync } from 'node:fs';
import { extname } from 'node:path';
import { type JsonObject, RevloopsError } from '../../kernel/index.js';
import { isDirectory } from './read-file.js';

/** One row read from a file: its cells (CSV) or its object (JSONL), or why it could not be read. */
export type SourceRow =
  | { row: number; bytes: number; cells: readonly string[] }
  | { row: number; bytes: number; object: JsonObject }
  | { row: number; bytes: number; error: string };

/** A file opened for reading, row by row. */
export interface RowSource {
  format: 'csv' | 'jsonl';
  /** The header of a CSV file; null for JSONL, whose lines name their own fields. */
  columns: readonly string[] | null;
  totalBytes: number;
  /** Rows in file order; `row` is 1-based and counts the CSV header as row 1. */
  rows: AsyncIterable<SourceRow>;
  /** Stops reading early (the rows iterator ends). */
  close(): void;
}

/** The format of a file by its extension, or a USAGE error naming the ones supported. */
export function formatOf(file: string): 'csv' | 'jsonl' {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new RevloopsError(
    'USAGE',
    `${file}: expected a .csv or .jsonl file (got "${ext || 'no extension'}")`,
  );
}

/** The size of a file, or a USAGE error when it is missing or a directory. */
export function fileSize(file: string): number {
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    throw new RevloopsError('USAGE', `${file}: file not found or not readable`);
  }
  if (stats.isDirectory()) throw new RevloopsError('USAGE', isDirectory(file));
  return stats.size;
}
