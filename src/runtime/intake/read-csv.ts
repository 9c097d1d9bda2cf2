import { pipeline } from 'node:stream';
import { parse } from 'csv-parse';
import { RevloopsError } from '../../kernel/index.js';
import { readFailure, readUtf8 } from './read-file.js';
import { fileSize, type RowSource, type SourceRow } from './source-rows.js';

interface CsvRecord {
  record: string[];
  info: { records: number; lines: number; bytes: number };
}

function csvError(file: string, err: unknown): RevloopsError {
  const failed = readFailure(file, err);
  if (failed) return failed;
  const e = err as { message?: string; lines?: number };
  const where = e.lines === undefined ? file : `${file}:${e.lines}`;
  return new RevloopsError('USAGE', `${where}: not valid CSV: ${e.message ?? String(err)}`, [
    {
      file,
      ...(e.lines === undefined ? {} : { line: e.lines }),
      path: '',
      message: e.message ?? String(err),
    },
  ]);
}

async function* csvRows(
  iterator: AsyncIterator<CsvRecord>,
  width: number,
  file: string,
): AsyncGenerator<SourceRow> {
  for (;;) {
    let next: IteratorResult<CsvRecord>;
    try {
      next = await iterator.next();
    } catch (err) {
      throw csvError(file, err);
    }
    if (next.done) return;
    const { record, info } = next.value;
    const row = info.records;
    if (record.length > width) {
      yield { row, bytes: info.bytes, error: `has ${record.length} fields but the header has ${width}` };
    } else {
      yield { row, bytes: info.bytes, cells: record };
    }
  }
}

/**
 * Opens a CSV file: reads its header row, then streams the rows. Quoted fields may hold commas,
 * quotes and newlines; a UTF-8 byte order mark is ignored; blank lines are skipped. A row with
 * fewer fields than the header has empty trailing cells; one with more is an error row. A syntax
 * error, a byte that is not UTF-8 or a read failure stops the rows with a located USAGE error.
 */
export async function openCsv(file: string): Promise<RowSource> {
  const totalBytes = fileSize(file);
  const bytes = readUtf8(file);
  const parser = pipeline(
    bytes,
    parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }),
    // A failure reaches the rows through the parser, which the pipeline destroys with it.
    () => undefined,
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<CsvRecord>;
  const close = () => {
    parser.destroy();
    bytes.destroy();
  };
  let first: IteratorResult<CsvRecord>;
  try {
    first = await iterator.next();
  } catch (err) {
    close();
    throw csvError(file, err);
  }
  const columns = first.done ? [] : first.value.record.map((c) => c.trim());
  return {
    format: 'csv',
    columns,
    totalBytes,
    rows: first.done ? (async function* () {})() : csvRows(iterator, columns.length, file),
    close,
  };
}
