import { basename } from 'node:path';
import { type Issue, type Json, type JsonObject, RevloopsError } from '../../kernel/index.js';
import type { ColumnSpec, FieldType, IntakeMapping } from '../../workspace/intake-mapping.js';
import { convertField, type FieldRule, labelsOf } from './field-value.js';
import { findColumn, type MappingOrigin, mappingIssue, overlappingTargets } from './resolve-columns.js';
import type { SourceRow } from './source-rows.js';

/** A row as data: CSV cells or a JSONL object. */
export type RowData = Exclude<SourceRow, { error: string }>;

/** A mapped row: the fields, or the first field that could not be read and why. */
export type MappedRow =
  | { ok: true; value: JsonObject }
  | { ok: false; field: string; column: string | null; reason: string };

/** What a mapping is compiled against. */
export interface CompileOptions {
  /** The data file (for messages). */
  file: string;
  /** The CSV header; null for JSONL. */
  columns: readonly string[] | null;
  /** Types of target fields whose mapping gives none (from a record schema). */
  typeHints?: Readonly<Record<string, FieldType>>;
  /** Target fields the caller needs besides the mapping's own required list. */
  requiredFields?: readonly string[];
  origin?: MappingOrigin;
}

/** A mapping checked against a file, ready to map its rows. */
export interface RowMapper {
  apply(row: RowData): MappedRow;
}

interface Field extends FieldRule {
  target: string;
  path: readonly string[];
  column: string | null;
  required: boolean;
  read: (row: RowData) => unknown;
}

function readPath(object: JsonObject, column: string): unknown {
  if (column in object) return object[column];
  let node: unknown = object;
  for (const key of column.split('.')) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}

function setPath(target: JsonObject, path: readonly string[], value: Json): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as JsonObject;
  }
  node[path[path.length - 1] ?? ''] = value;
}

function isEmpty(raw: unknown): boolean {
  return raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
}

function identity(columns: readonly string[] | null): IntakeMapping {
  const named = (columns ?? []).filter((c) => c !== '');
  return { columns: Object.fromEntries(named.map((c) => [c, c])) };
}

function duplicateHeaders(columns: readonly string[], file: string): Issue[] {
  const seen = new Set<string>();
  const issues: Issue[] = [];
  for (const c of columns.filter((c) => c !== '')) {
    if (seen.has(c))
      issues.push({
        file,
        line: 1,
        path: c,
        message: `two columns are named "${c}": rename one or give a mapping`,
      });
    seen.add(c);
  }
  return issues;
}

function compileField(
  target: string,
  entry: string | ColumnSpec,
  required: boolean,
  options: CompileOptions,
  issues: Issue[],
): Field {
  const spec: ColumnSpec = typeof entry === 'string' ? { column: entry } : entry;
  const column = spec.column ?? null;
  let read: Field['read'] = () => undefined;
  if (column !== null && options.columns) {
    const found = findColumn(options.columns, column, basename(options.file));
    const at = typeof entry === 'string' ? ['columns', target] : ['columns', target, 'column'];
    if ('problem' in found) issues.push(mappingIssue(options.origin, at, found.problem));
    else read = (row) => ('cells' in row ? row.cells[found.index] : undefined);
  } else if (column !== null) {
    read = (row) => ('object' in row ? readPath(row.object, column) : undefined);
  }
  const isRequired = required || spec.required === true;
  if (isRequired && column === null && spec.default === undefined)
    issues.push(
      mappingIssue(
        options.origin,
        ['columns', target],
        `required field ${target} is not mapped from a column`,
      ),
    );
  return {
    target,
    path: target.split('.'),
    column,
    spec,
    hint: options.typeHints?.[target],
    required: isRequired,
    read,
    labels: labelsOf(spec.map),
  };
}

function applyFields(fields: readonly Field[], row: RowData): MappedRow {
  const value: JsonObject = {};
  for (const f of fields) {
    const raw = f.read(row);
    if (isEmpty(raw)) {
      if (f.spec.default !== undefined) setPath(value, f.path, f.spec.default as Json);
      else if (f.required)
        return { ok: false, field: f.target, column: f.column, reason: 'a value is required' };
      continue;
    }
    const converted = convertField(f, raw);
    if (!converted.ok) return { ok: false, field: f.target, column: f.column, reason: converted.reason };
    setPath(value, f.path, converted.value);
  }
  return { ok: true, value };
}

/**
 * Checks a mapping against a file and compiles it. Refused before any row is read: a required
 * field with no column, a target written twice (`a` and `a.b`), a column the file does not have.
 * Without a mapping, CSV headers are the field names and JSONL lines are used as they are.
 */
export function compileMapping(mapping: IntakeMapping | null, options: CompileOptions): RowMapper {
  const issues: Issue[] = mapping || !options.columns ? [] : duplicateHeaders(options.columns, options.file);
  const effective = mapping ?? (options.columns ? identity(options.columns) : null);
  const required = new Set([...(mapping?.required ?? []), ...(options.requiredFields ?? [])]);
  const entries = Object.entries(effective?.columns ?? {});
  const fields = entries.map(([t, e]) => compileField(t, e, required.has(t), options, issues));
  for (const [a, b] of overlappingTargets(fields.map((f) => f.target)))
    issues.push(
      mappingIssue(
        options.origin,
        ['columns', b],
        `fields ${a} and ${b} both write ${a}: map each field once`,
      ),
    );
  const passthrough = effective === null;
  for (const name of required) {
    if (passthrough || fields.some((f) => f.target === name)) continue;
    const where = options.columns
      ? `; the file's columns are ${options.columns.map((c) => `"${c}"`).join(', ')}`
      : '';
    const listed = mapping?.required?.indexOf(name) ?? -1;
    const at = listed >= 0 ? ['required', listed] : mapping ? ['columns'] : [];
    issues.push(
      mappingIssue(options.origin, at, `required field ${name} is not mapped from any column${where}`),
    );
  }
  if (issues.length > 0)
    throw new RevloopsError('CONFIG_INVALID', `the mapping does not fit ${basename(options.file)}`, issues);
  const check = [...required];
  return {
    apply: passthrough
      ? (row) => {
          const value = 'object' in row ? row.object : {};
          const missing = check.find((n) => isEmpty(readPath(value, n)));
          return missing
            ? { ok: false, field: missing, column: missing, reason: 'a value is required' }
            : { ok: true, value };
        }
      : (row) => applyFields(fields, row),
  };
}
