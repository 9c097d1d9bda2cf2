import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { type Issue, RevloopsError } from '../kernel/index.js';

/** A parsed YAML file that can say where any path in it is. */
export interface YamlSource {
  file: string;
  data: unknown;
  /** Line and column of the deepest node on the path that exists. */
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

/** Reads and parses one YAML file; syntax errors become located CONFIG_INVALID errors. */
export function readYaml(absolutePath: string, displayBase: string): YamlSource {
  const file = relative(displayBase, absolutePath) || absolutePath;
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch {
    throw new RevloopsError('CONFIG_INVALID', `${file}: cannot read the file`, [
      { file, path: '', message: 'file not found or not readable' },
    ]);
  }
  return parseYaml(text, file);
}

/** Parses YAML text named `file`. */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  // The yaml library's own unique-key check compares every key with every other (a mapping of
  // 20,000 keys takes a minute); duplicateKeys does the same check in linear time.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const errors = doc.errors.map((e) => ({ offset: e.pos[0], message: e.message.split('\n')[0] }));
  if (errors.length === 0) errors.push(...duplicateKeys(doc, file));
  if (errors.length > 0) {
    const issues: Issue[] = errors.map((e) => {
      const pos = lineCounter.linePos(e.offset);
      return { file, line: pos.line, column: pos.col, path: '', message: `YAML syntax: ${e.message}` };
    });
    throw new RevloopsError('CONFIG_INVALID', `${file} is not valid YAML`, issues);
  }
  const locate = (path: readonly PropertyKey[]) => {
    let node: unknown = doc.contents;
    let found: Node | null = (doc.contents as Node | null) ?? null;
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
        if (!pair) break;
        found = (pair.value as Node | null) ?? (pair.key as Node);
        if (!pair.value) found = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined;
        if (!item) break;
        found = item;
        node = item;
      } else break;
    }
    const offset = found?.range?.[0] ?? 0;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (err) {
    // The yaml library refuses an alias expanding past its limit (a "billion laughs" document).
    const message = err instanceof Error ? err.message : String(err);
    throw new RevloopsError('CONFIG_INVALID', `${file} is not valid YAML`, [
      { file, line: 1, column: 1, path: '', message: `YAML: ${message}` },
    ]);
  }
  return { file, data, locate };
}

/** Keys repeated within one mapping (scalar keys, compared by value), where each repeat is. */
function duplicateKeys(doc: Document, file: string): { offset: number; message: string }[] {
  const found: { offset: number; message: string }[] = [];
  try {
    visit(doc, {
      Map(_, map) {
        const seen = new Set<unknown>();
        for (const pair of map.items) {
          if (!isScalar(pair.key)) continue;
          if (seen.has(pair.key.value))
            found.push({ offset: pair.key.range?.[0] ?? 0, message: 'Map keys must be unique' });
          seen.add(pair.key.value);
        }
      },
    });
  } catch (err) {
    throw new RevloopsError('CONFIG_INVALID', `${file} is not valid YAML`, [
      {
        file,
        line: 1,
        column: 1,
        path: '',
        message: `YAML: ${err instanceof Error ? err.message : String(err)}`,
      },
    ]);
  }
  return found;
}

/** Checks a YAML source against a zod schema; every problem is located in the file. */
export function validateYaml<T>(source: YamlSource, schema: z.ZodType<T>, data: unknown = source.data): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new RevloopsError(
    'CONFIG_INVALID',
    `${source.file} is not a valid config`,
    zodIssues(source, parsed.error),
  );
}

/** Turns zod issues into located issues. */
export function zodIssues(source: YamlSource, error: z.ZodError): Issue[] {
  return error.issues.map((i) => {
    const { line, column } = source.locate(i.path);
    return {
      file: source.file,
      line,
      column,
      path: i.path.map(String).join('.'),
      message: describeZodIssue(i),
    };
  });
}

/** What a zod issue expected, in words (an unknown field is named as such). */
export function describeZodIssue(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown field(s) ${i.keys.join(', ')}: check the spelling`;
  return i.message;
}
