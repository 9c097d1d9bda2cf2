import {
  closeSync,
  createReadStream,
  existsSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from 'node:fs';
import Assembler from 'stream-json/assembler.js';
import { parser } from 'stream-json/parser.js';
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

/** Files up to this size are parsed in one piece (fast); larger ones with a streaming parser. */
const WHOLE_FILE_BYTES = 256 * 2 ** 20;

/** Reads a saved plan of any size: small files with JSON.parse, large ones streamed, never as one string. */
export async function readPlanFile(path: string, wholeFileBytes = WHOLE_FILE_BYTES): Promise<unknown> {
  if (!existsSync(path)) throw new RevloopsError('USAGE', `no plan file ${path}`);
  if (statSync(path).size <= wholeFileBytes) {
    const text = readFileSync(path, 'utf8');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new RevloopsError('USAGE', `${path} is not a plan file: ${(err as Error).message}`);
    }
  }
  const asm = new Assembler();
  try {
    for await (const token of createReadStream(path, { highWaterMark: 1 << 20 }).pipe(
      parser.asStream({ streamValues: false }),
    ))
      asm.consume(token as Parameters<Assembler['consume']>[0]);
  } catch (err) {
    throw new RevloopsError('USAGE', `${path} is not a plan file: ${(err as Error).message}`);
  }
  if (!asm.done) throw new RevloopsError('USAGE', `${path} is not a plan file: it ends too early`);
  return asm.current;
}
