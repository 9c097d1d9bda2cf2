import type { JsonObject } from '../../kernel/index.js';
import { readFailure, readUtf8 } from './read-file.js';
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

/** The lines of a file as text, split at \n; read and encoding failures are USAGE errors. */
async function* textLines(file: string, bytes: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  try {
    for await (const chunk of bytes) {
      const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
      rest = lines.pop() ?? '';
      yield* lines;
    }
  } catch (err) {
    throw readFailure(file, err) ?? err;
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/**
 * Opens a JSONL file and streams one row per non-blank line; `row` is the 1-based line number.
 * A line that is not a JSON object is an error row; a byte that is not UTF-8 or a read failure
 * stops the rows with a located USAGE error.
 */
export async function openJsonl(file: string): Promise<RowSource> {
  const totalBytes = fileSize(file);
  const stream = readUtf8(file);
  async function* rows(): AsyncGenerator<SourceRow> {
    let n = 0;
    let bytes = 0;
    for await (const text of textLines(file, stream)) {
      n++;
      bytes += Buffer.byteLength(text) + 1;
      const line = (n === 1 ? text.replace(/^\uFEFF/, '') : text).replace(/\r$/, '');
      if (line.trim() === '') continue;
      yield parseLine(line, n, Math.min(bytes, totalBytes));
    }
  }
  return { format: 'jsonl', columns: null, totalBytes, rows: rows(), close: () => stream.destroy() };
}

/** Reads a whole JSONL file without parsing its lines, failing as `openJsonl` would on its bytes. */
export async function checkJsonl(file: string): Promise<void> {
  fileSize(file);
  try {
    for await (const _chunk of readUtf8(file));
  } catch (err) {
    throw readFailure(file, err) ?? err;
  }
}
