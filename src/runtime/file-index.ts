import { readFileSync, statSync } from 'node:fs';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { FileLookup, FileLookupResult, FileMatchMode, FileRow, JsonObject } from '../kernel/index.js';

/** Lower case, accents dropped, blanks trimmed. */
function folded(value: unknown): string {
  return String(value ?? '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .trim();
}

/** The host of a domain or URL: no scheme, `www.`, port, path or trailing dot. */
function host(value: unknown): string {
  return folded(value)
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/:\d+$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '');
}

/** The words of a value: runs of letters and digits. */
function words(value: unknown): string[] {
  return folded(value)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

const KEY: Record<Exclude<FileMatchMode, 'words'>, (v: unknown) => string> = { exact: folded, host };

/** A data file, read once and indexed on demand per column and match mode. */
class IndexedFile {
  private readonly indexes = new Map<string, Map<string, number[]>>();

  constructor(readonly rows: readonly FileRow[]) {}

  /** Row positions whose column has `key` under `mode` (for words: holds the word). */
  private index(column: string, mode: FileMatchMode): Map<string, number[]> {
    const name = `${mode}\u0000${column}`;
    let index = this.indexes.get(name);
    if (index) return index;
    index = new Map();
    for (const [i, r] of this.rows.entries()) {
      const v = r.values[column];
      if (v === undefined || v === null) continue;
      const keys = mode === 'words' ? new Set(words(v)) : [KEY[mode](v)];
      for (const k of keys) {
        if (k === '') continue;
        const at = index.get(k);
        if (at) at.push(i);
        else index.set(k, [i]);
      }
    }
    this.indexes.set(name, index);
    return index;
  }

  /** Rows matching any query, best first: exact and host hits weigh more than shared words. */
  find(request: FileLookup): FileRow[] {
    const score = new Map<number, number>();
    const add = (i: number, points: number) => score.set(i, (score.get(i) ?? 0) + points);
    for (const m of request.match) {
      if (m.mode === 'words') {
        const [first, ...rest] = words(m.value);
        if (first === undefined) continue;
        const index = this.index(m.column, 'words');
        const others = rest.map((w) => new Set(index.get(w)));
        for (const i of index.get(first) ?? []) add(i, 1 + others.filter((o) => o.has(i)).length);
      } else {
        const key = KEY[m.mode](m.value);
        if (key !== '') for (const i of this.index(m.column, m.mode).get(key) ?? []) add(i, 100);
      }
    }
    return [...score]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, Math.max(0, request.limit))
      .map(([i]) => this.rows[i] as FileRow);
  }
}

function readRows(path: string): FileRow[] {
  const text = readFileSync(path, 'utf8');
  if (extname(path).toLowerCase() === '.jsonl') {
    return text.split(/\r?\n/).flatMap((line, i) => {
      if (line.trim() === '') return [];
      const value = JSON.parse(line) as unknown;
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new Error(`line ${i + 1} is not a JSON object`);
      return [{ row: i + 1, values: value as JsonObject }];
    });
  }
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true, trim: true }) as Record<
    string,
    string
  >[];
  return records.map((r, i) => {
    const values: JsonObject = {};
    for (const [k, v] of Object.entries(r)) if (v !== '') values[k] = v;
    return { row: i + 1, values };
  });
}

/**
 * Answers file lookups under one `data/` folder. Each file is read and indexed once per process and
 * read again only when it changes on disk (its size or modification time), never per event.
 */
export class DataFiles {
  private readonly files = new Map<string, { stamp: string; file: IndexedFile }>();

  constructor(private readonly dir: string) {}

  /** The rows of `request.file` that match, or why the file cannot be used. */
  lookup(request: FileLookup): FileLookupResult {
    const path = resolve(this.dir, request.file);
    const rel = relative(this.dir, path);
    if (rel.startsWith('..') || isAbsolute(rel) || rel === '')
      return { ok: false, reason: `${request.file} is not a file inside data/` };
    const ext = extname(path).toLowerCase();
    if (ext !== '.csv' && ext !== '.jsonl')
      return { ok: false, reason: `${request.file}: expected a .csv or .jsonl file` };
    let stamp: string;
    try {
      const s = statSync(path);
      stamp = `${s.size}:${s.mtimeMs}`;
    } catch {
      return { ok: false, reason: `data/${rel} does not exist` };
    }
    let cached = this.files.get(path);
    if (cached?.stamp !== stamp) {
      try {
        cached = { stamp, file: new IndexedFile(readRows(path)) };
      } catch (err) {
        return { ok: false, reason: `data/${rel} cannot be read: ${(err as Error).message}` };
      }
      this.files.set(path, cached);
    }
    return { ok: true, rows: structuredClone(cached.file.find(request)) };
  }
}
