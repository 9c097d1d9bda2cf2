import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** A CSV cell: written as is, quoted when it holds a comma, quote or line break; null is empty. */
export type CsvCell = string | number | boolean | null;

/**
 * A file written line by line through a stream with backpressure: lines are batched into chunks, and
 * `write` returns a promise only when the stream is full, so a hot loop awaits rarely.
 */
export interface LineWriter<T> {
  /** Queues one record; when it returns a promise, await it before writing more. */
  write(record: T): Promise<void> | undefined;
  /** Flushes, ends the stream and waits until the file is written; returns how many records it got. */
  close(): Promise<number>;
  /** Gives up: destroys the stream without flushing (after an error upstream). */
  abort(): void;
}

const CHUNK_CHARS = 256 * 1024;

function lineWriter<T>(path: string, format: (record: T) => string, header?: string): LineWriter<T> {
  const stream: WriteStream = createWriteStream(path, { highWaterMark: 1024 * 1024 });
  let failure: Error | undefined;
  stream.on('error', (err) => {
    failure = err;
  });
  let chunk = header === undefined ? '' : `${header}\n`;
  let count = 0;
  const flush = (): Promise<void> | undefined => {
    if (failure) throw failure;
    const ok = stream.write(chunk);
    chunk = '';
    return ok ? undefined : once(stream, 'drain').then(() => undefined);
  };
  return {
    write(record) {
      chunk += `${format(record)}\n`;
      count++;
      return chunk.length >= CHUNK_CHARS ? flush() : undefined;
    },
    async close() {
      if (chunk.length > 0) await flush();
      stream.end();
      await finished(stream);
      if (failure) throw failure;
      return count;
    },
    abort() {
      stream.destroy();
    },
  };
}

/** A JSON Lines file: one JSON document per line. */
export function jsonlWriter<T>(path: string): LineWriter<T> {
  return lineWriter<T>(path, (record) => JSON.stringify(record));
}

/** One CSV cell, RFC 4180 quoting. */
export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file with a header row; each record is a row of cells in column order. */
export function csvWriter(path: string, columns: readonly string[]): LineWriter<readonly CsvCell[]> {
  return lineWriter<readonly CsvCell[]>(
    path,
    (row) => row.map(csvCell).join(','),
    columns.map(csvCell).join(','),
  );
}

/** Writes every record of an iterable, honouring backpressure, and closes the file; returns the count. */
export async function writeAll<T>(writer: LineWriter<T>, records: Iterable<T>): Promise<number> {
  try {
    for (const record of records) {
      const wait = writer.write(record);
      if (wait) await wait;
    }
  } catch (err) {
    writer.abort();
    throw err;
  }
  return writer.close();
}
