import { Transform, type TransformCallback } from 'node:stream';
import { RevloopsError } from '../../kernel/index.js';

const LF = 0x0a;

/** The continuation bytes and the allowed range of the first one after each kind of lead byte. */
function sequenceOf(lead: number): { length: number; low: number; high: number } | null {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 1, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { length: 2, low: 0xa0, high: 0xbf };
  if (lead === 0xed) return { length: 2, low: 0x80, high: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 2, low: 0x80, high: 0xbf };
  if (lead === 0xf0) return { length: 3, low: 0x90, high: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 3, low: 0x80, high: 0xbf };
  if (lead === 0xf4) return { length: 3, low: 0x80, high: 0x8f };
  return null;
}

/**
 * Where the first sequence that is not UTF-8 starts in `bytes`, or where an unfinished sequence
 * at the end starts, or -1 when every sequence is complete and valid.
 */
export function firstBadSequence(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const seq = sequenceOf(lead);
    if (!seq) return i;
    for (let k = 1; k <= seq.length; k++) {
      const next = bytes[i + k];
      if (next === undefined) return i;
      const [low, high] = k === 1 ? [seq.low, seq.high] : [0x80, 0xbf];
      if (next < low || next > high) return i;
    }
    i += seq.length + 1;
  }
  return -1;
}

/** Where the unfinished sequence at the end of valid UTF-8 `bytes` starts (`bytes.length` if none). */
function unfinishedAt(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(bytes.length - 3, 0); i--) {
    const byte = bytes[i] ?? 0;
    if (byte < 0x80) break;
    if (byte >= 0xc0) return i + (sequenceOf(byte)?.length ?? 0) >= bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

function countLines(bytes: Uint8Array, end = bytes.length): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i !== -1 && i < end; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Passes a file's bytes through unchanged and fails at the first byte that is not UTF-8, naming
 * the file, the line and the byte offset, so no text is silently replaced by U+FFFD.
 */
export class Utf8Check extends Transform {
  readonly #file: string;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  /** Bytes passed before the current chunk. */
  #offset = 0;
  /** The line the current chunk starts on. */
  #line = 1;
  /** The unfinished sequence at the end of the bytes passed so far, to locate an error that spans chunks. */
  #pending: Buffer = Buffer.alloc(0);

  constructor(file: string) {
    super();
    this.#file = file;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    const bytes = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk;
    const start = this.#offset - this.#pending.length;
    try {
      this.#decoder.decode(chunk, { stream: true });
    } catch {
      done(this.#invalid(bytes, start, Math.max(firstBadSequence(bytes), 0)));
      return;
    }
    this.#pending = Buffer.from(bytes.subarray(unfinishedAt(bytes)));
    this.#offset += chunk.length;
    this.#line += countLines(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.#decoder.decode();
    } catch {
      done(this.#invalid(this.#pending, this.#offset - this.#pending.length, 0));
      return;
    }
    done();
  }

  #invalid(bytes: Buffer, start: number, at: number): RevloopsError {
    const line = this.#line + countLines(bytes, at);
    const offset = start + at;
    const byte = `0x${(bytes[at] ?? 0).toString(16).padStart(2, '0')}`;
    const message = `not valid UTF-8: byte ${byte} at offset ${offset}; save the file as UTF-8`;
    return new RevloopsError('USAGE', `${this.#file}:${line}: ${message}`, [
      { file: this.#file, line, path: '', message },
    ]);
  }
}
