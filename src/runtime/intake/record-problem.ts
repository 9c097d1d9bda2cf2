import type { z } from 'zod';
import type { JsonObject } from '../../kernel/index.js';
import type { IntakeMapping } from '../../workspace/intake-mapping.js';
import { showValue } from './convert-value.js';
import { type RejectedRow, rejectAt } from './open-rows.js';

/** Where a field of a row came from: the field's path and the column it was read from (null: none). */
export interface FieldSource {
  field: string;
  column: string | null;
}

/**
 * The column a field (or a value inside it) was read from: the mapping's column for the field or
 * the nearest mapped field containing it; without a mapping, the top-level field's own name.
 */
export function sourceOf(mapping: IntakeMapping | null, path: readonly PropertyKey[]): FieldSource {
  const field = path.map(String).join('.') || '(record)';
  if (!mapping) return { field, column: path.length > 0 ? String(path[0]) : null };
  for (let n = path.length; n > 0; n--) {
    const entry = mapping.columns[path.slice(0, n).map(String).join('.')];
    if (entry === undefined) continue;
    return { field, column: typeof entry === 'string' ? entry : (entry.column ?? null) };
  }
  return { field, column: null };
}

function valueAt(values: JsonObject, path: readonly PropertyKey[]): unknown {
  let node: unknown = values;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function quoted(value: unknown): string {
  const shown = showValue(value);
  return shown.length > 80 ? `${shown.slice(0, 79)}…` : shown;
}

/** What was wrong with a value, quoting it: `"Closed Won" is invalid: expected one of "open"|"won"|"lost"`. */
function describe(value: unknown, message: string): string {
  if (value === undefined) return 'a value is required';
  const shown = quoted(value);
  if (message.startsWith(shown)) return message;
  const detail = message.replace(/^Invalid (input|option|value): /, '');
  return `${shown} is invalid: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`;
}

/**
 * The first way a record fails the kind's schema, naming the field, the column it was read from
 * (when the row carried it: `fromRow` holds the row's values) and the value; null when it fits.
 */
export function schemaProblem(
  schema: z.ZodObject,
  record: JsonObject,
  fromRow: JsonObject,
  row: number,
  mapping: IntakeMapping | null,
): RejectedRow | null {
  const parsed = schema.safeParse(record);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  if (!issue) return { row, reason: 'invalid record' };
  const at = sourceOf(mapping, issue.path);
  const top = issue.path[0];
  const read = top !== undefined && Object.hasOwn(fromRow, String(top));
  return rejectAt(
    row,
    read ? at : { ...at, column: null },
    describe(valueAt(record, issue.path), issue.message),
  );
}
