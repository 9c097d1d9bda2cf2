import type { JsonObject } from '../../kernel/index.js';
import type { IntakeMapping } from '../../workspace/intake-mapping.js';
import { type CompileOptions, compileMapping, type RowMapper } from './compile-mapping.js';
import {
  checkRows,
  eachRow,
  type IntakeProgress,
  isData,
  openRows,
  type RejectedRow,
  rejection,
} from './open-rows.js';

/** A mapped row with its row number. */
export interface MappedValues {
  row: number;
  value: JsonObject;
}

/** How `mapRows` reads a file and hands over its good rows. */
export interface MapRowsOptions extends Omit<CompileOptions, 'file' | 'columns'> {
  mapping: IntakeMapping | null;
  batchSize: number;
  onProgress?: ((progress: IntakeProgress) => void) | undefined;
  /** Takes one batch of good rows; returns the rows it rejected itself. */
  write(rows: readonly MappedValues[]): Promise<RejectedRow[]>;
}

/**
 * Opens a file, checks the mapping against it (before any row is read), reads the whole file once
 * to find syntax, encoding and read failures, then passes the mapped good rows to `write` in
 * batches. A file that cannot be read whole fails before `write` is called, so nothing is stored.
 * Returns how many rows were read and every rejected row.
 */
export async function mapRows(
  file: string,
  options: MapRowsOptions,
): Promise<{ read: number; rejected: RejectedRow[] }> {
  const { mapping, batchSize, onProgress, write, ...compile } = options;
  const source = await openRows(file);
  let mapper: RowMapper;
  try {
    mapper = compileMapping(mapping, { ...compile, file, columns: source.columns });
    await checkRows(file);
  } catch (err) {
    source.close();
    throw err;
  }
  const rejected: RejectedRow[] = [];
  let read = 0;
  let bytes = 0;
  let batch: MappedValues[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    if (rows.length > 0) rejected.push(...(await write(rows)));
    onProgress?.({ rows: read, bytes, totalBytes: source.totalBytes });
  };
  for await (const row of eachRow(source)) {
    read++;
    bytes = row.bytes;
    const mapped = isData(row) ? mapper.apply(row) : undefined;
    if (!mapped?.ok) rejected.push(rejection(row, mapped));
    else batch.push({ row: row.row, value: mapped.value });
    if (batch.length >= batchSize) await flush();
  }
  bytes = source.totalBytes;
  await flush();
  rejected.sort((a, b) => a.row - b.row);
  return { read, rejected };
}
