import { constants as bufferConstants } from 'node:buffer';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync, writeSync } from 'node:fs';
import { RevloopsError } from '../kernel/index.js';
import type { Plan } from './materialize.js';

/** Containers with fewer nodes than this are written with one JSON.stringify; larger ones piece by piece. */
const SMALL_NODES = 2_000;

/** Whether a value has fewer than `limit` nodes, counting no further than the limit. */
function small(value: unknown, limit = SMALL_NODES): boolean {
  let budget = limit;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (--budget <= 0) return false;
    if (v !== null && typeof v === 'object') for (const c of Object.values(v)) stack.push(c);
  }
  return true;
}

/**
 * The text of `JSON.stringify(value, null, 2)` as a sequence of lines (a piece may hold several),
 * never as one string: a plan of a million records is longer than the longest string a JavaScript
 * engine can make. Join the pieces with newlines to get exactly the same text.
 */
export function* prettyJsonLines(value: unknown, pad = '', prefix = '', suffix = ''): Generator<string> {
  const v =
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON: () => unknown }).toJSON()
      : value;
  if (v === null || typeof v !== 'object' || small(v)) {
    const text = JSON.stringify(v, null, 2) ?? 'null';
    yield `${pad}${prefix}${pad === '' ? text : text.replaceAll('\n', `\n${pad}`)}${suffix}`;
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(v)) {
    yield `${pad}${prefix}[`;
    for (let i = 0; i < v.length; i++) {
      const item = v[i] === undefined || typeof v[i] === 'function' ? null : v[i];
      yield* prettyJsonLines(item, inner, '', i < v.length - 1 ? ',' : '');
    }
    yield `${pad}]${suffix}`;
    return;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined && typeof x !== 'function');
  yield `${pad}${prefix}{`;
  for (const [i, [k, x]] of entries.entries())
    yield* prettyJsonLines(x, inner, `${JSON.stringify(k)}: `, i < entries.length - 1 ? ',' : '');
  yield `${pad}}${suffix}`;
}

/** Pieces of at most about `size` characters, each ending at a line (join them with newlines). */
export function* batchedLines(lines: Iterable<string>, size = 1 << 20): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const line of lines) {
    batch.push(line);
    length += line.length + 1;
    if (length >= size) {
      yield batch.join('\n');
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield batch.join('\n');
}

/** Writes a plan as indented JSON, piece by piece, so a plan of any size can be saved. */
export function writePlanFile(path: string, plan: Plan): void {
  const fd = openSync(path, 'w');
  try {
    let first = true;
    for (const piece of batchedLines(prettyJsonLines(plan))) {
      writeSync(fd, first ? piece : `\n${piece}`);
      first = false;
    }
    writeSync(fd, '\n');
  } finally {
    closeSync(fd);
  }
}

/** Files up to this size are parsed in one piece (fast); larger ones a part at a time. */
const WHOLE_FILE_BYTES = 256 * 2 ** 20;
/** Parts of a large file up to this size are handed to JSON.parse whole; larger ones are split again. */
const PART_BYTES = 16 * 2 ** 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (b: number | undefined) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * JSON text too long for one string, parsed a part at a time. A first pass finds every object and
 * array longer than `part` bytes (bytes, not characters: the structure of JSON is ASCII, and no byte
 * of a multi-byte UTF-8 character is a quote, backslash or bracket); the second builds those
 * containers member by member and gives everything smaller to JSON.parse, so no string is longer
 * than `part` and parsing runs at JSON.parse's speed.
 */
export function parseLargeJson(buf: Buffer, part = PART_BYTES): unknown {
  const fail = (at: number, what: string): never => {
    throw new SyntaxError(`${what} at byte ${at}`);
  };
  const big = new Map<number, number>();
  const opens: number[] = [];
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b === QUOTE) {
      for (i++; i < buf.length && buf[i] !== QUOTE; i++) if (buf[i] === BACKSLASH) i++;
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) opens.push(i);
    else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      const start = opens.pop() ?? fail(i, 'unmatched bracket');
      if ((buf[start] === OPEN_OBJECT) !== (b === CLOSE_OBJECT)) fail(i, 'mismatched bracket');
      if (i - start + 1 > part) big.set(start, i);
    }
  }
  if (opens.length > 0) fail(buf.length, 'unexpected end of the text');
  const skip = (i: number) => {
    let j = i;
    while (isSpace(buf[j])) j++;
    return j;
  };
  /** The end (exclusive) of the value that starts at `i`. */
  const valueEnd = (i: number): number => {
    const b = buf[i];
    if (b === QUOTE) {
      let j = i + 1;
      for (; j < buf.length && buf[j] !== QUOTE; j++) if (buf[j] === BACKSLASH) j++;
      return j + 1;
    }
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      let depth = 0;
      for (let j = i; j < buf.length; j++) {
        const c = buf[j];
        if (c === QUOTE) {
          for (j++; j < buf.length && buf[j] !== QUOTE; j++) if (buf[j] === BACKSLASH) j++;
        } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) depth++;
        else if ((c === CLOSE_OBJECT || c === CLOSE_ARRAY) && --depth === 0) return j + 1;
      }
      return fail(i, 'unterminated value');
    }
    let j = i;
    while (
      j < buf.length &&
      buf[j] !== COMMA &&
      buf[j] !== CLOSE_OBJECT &&
      buf[j] !== CLOSE_ARRAY &&
      !isSpace(buf[j])
    )
      j++;
    return j;
  };
  /** The value at `i` and where it ends. */
  const value = (i: number): [unknown, number] => {
    const end = big.get(i);
    if (end !== undefined) return [container(i, end), end + 1];
    const stop = valueEnd(i);
    if (stop === i) fail(i, 'expected a value');
    return [JSON.parse(buf.toString('utf8', i, stop)), stop];
  };
  const container = (start: number, end: number): unknown => {
    const isObject = buf[start] === OPEN_OBJECT;
    const out: unknown[] | Record<string, unknown> = isObject ? {} : [];
    let i = skip(start + 1);
    if (i === end) return out;
    for (;;) {
      let key = '';
      if (isObject) {
        if (buf[i] !== QUOTE) fail(i, 'expected a key');
        const keyEnd = valueEnd(i);
        key = JSON.parse(buf.toString('utf8', i, keyEnd)) as string;
        i = skip(keyEnd);
        if (buf[i] !== COLON) fail(i, 'expected a colon');
        i = skip(i + 1);
      }
      const [v, next] = value(i);
      if (isObject)
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else (out as unknown[]).push(v);
      i = skip(next);
      if (i === end) return out;
      if (buf[i] !== COMMA) fail(i, 'expected a comma');
      i = skip(i + 1);
    }
  };
  const first = skip(0);
  const [result, after] = value(first);
  if (skip(after) !== buf.length) fail(after, 'unexpected text after the value');
  return result;
}

/** Bytes read from a file per call; readFileSync cannot read a file over 2 GiB in one. */
const READ_BYTES = 64 * 2 ** 20;

/** A whole file in one buffer, read `chunk` bytes at a time, so files past 2 GiB (up to the buffer limit) read too. */
export function readWholeFile(path: string, chunk = READ_BYTES): Buffer {
  const size = statSync(path).size;
  if (size > bufferConstants.MAX_LENGTH)
    throw new RangeError(
      `the file is ${size} bytes, more than the ${bufferConstants.MAX_LENGTH} one buffer holds on this Node.js`,
    );
  const buf = Buffer.allocUnsafe(size);
  const fd = openSync(path, 'r');
  try {
    let at = 0;
    while (at < size) {
      const n = readSync(fd, buf, at, Math.min(chunk, size - at), at);
      if (n === 0) throw new Error(`the file ended at byte ${at} of ${size} while it was read`);
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return buf;
}

/** Reads a saved plan of any size: small files with JSON.parse, large ones a part at a time. */
export async function readPlanFile(path: string, wholeFileBytes = WHOLE_FILE_BYTES): Promise<unknown> {
  if (!existsSync(path)) throw new RevloopsError('USAGE', `no plan file ${path}`);
  try {
    if (statSync(path).size <= wholeFileBytes) return JSON.parse(readFileSync(path, 'utf8'));
    return parseLargeJson(readWholeFile(path), Math.max(1, Math.min(PART_BYTES, wholeFileBytes)));
  } catch (err) {
    throw new RevloopsError('USAGE', `${path} is not a plan file: ${(err as Error).message}`);
  }
}
