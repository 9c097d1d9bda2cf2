import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { JsonObject } from '../../kernel/index.js';
import { fileSize, type RowSource, type SourceRow } from './source-rows.js';

function parseLine(line: string, row: number, bytes: number): SourceRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { row, bytes, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { row, bytes, error: 'expected a JSON object on the line' };
  return { row, bytes, object: value as JsonObject };
}

/** Opens a JSONL file and streams one row per non-blank line; `row` is the 1-based line number. */
export async function openJsonl(file: string): Promise<RowSource> {
  const totalBytes = fileSize(file);
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  async function* rows(): AsyncGenerator<SourceRow> {
    let n = 0;
    let bytes = 0;
    for await (const raw of lines) {
      n++;
      bytes += Buffer.byteLength(raw) + 1;
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      yield parseLine(line, n, Math.min(bytes, totalBytes));
    }
  }
  return {
    format: 'jsonl',
    columns: null,
    totalBytes,
    rows: rows(),
    close: () => {
      lines.close();
      stream.destroy();
    },
  };
}
