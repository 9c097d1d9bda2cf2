import { createReadStream } from 'node:fs';
import { pipeline, type Transform } from 'node:stream';
import { RevloopsError } from '../../kernel/index.js';
import { Utf8Check } from './utf8-check.js';

/**
 * The bytes of a file, checked to be UTF-8 as they stream. A read error or a byte that is not
 * UTF-8 fails the stream (and whatever it is piped into with `pipeline`); `readFailure` names it.
 */
export function readUtf8(file: string): Transform {
  // Errors reach the consumer through the returned stream; the callback only keeps pipeline quiet.
  return pipeline(createReadStream(file), new Utf8Check(file), () => undefined);
}

/**
 * A read or encoding failure as a USAGE error naming the file, or undefined when `err` is not
 * one (e.g. a parser's own error, which its reader words itself).
 */
export function readFailure(file: string, err: unknown): RevloopsError | undefined {
  if (err instanceof RevloopsError) return err;
  const sys = err as { code?: unknown; syscall?: unknown; message?: unknown };
  if (typeof sys.code !== 'string' || typeof sys.syscall !== 'string') return undefined;
  if (sys.code === 'EISDIR') return new RevloopsError('USAGE', isDirectory(file));
  return new RevloopsError('USAGE', `${file}: cannot be read: ${String(sys.message)}`);
}

/** The message for a directory given where a file was expected. */
export function isDirectory(file: string): string {
  return `${file}: is a directory, expected a .csv or .jsonl file`;
}
