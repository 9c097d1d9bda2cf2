import { z } from 'zod';
import type { JsonObject } from './outputs.js';
import { RECORD_KINDS, type RecordKind } from './records.js';

/** One record a materialized loop wants to exist, with the fields it should have. */
export const DesiredRecord = z.object({
  kind: z.enum(RECORD_KINDS as [RecordKind, ...RecordKind[]]).describe('The record kind.'),
  id: z.string().min(1).describe('The record id; stable across runs so a plan can diff it.'),
  values: z.record(z.string(), z.json()).describe('The fields the record should have.'),
});

/** What a materialized loop's logic returns: the whole desired state of the record kinds it owns. */
export const DesiredState = z.object({
  records: z.array(DesiredRecord).describe('Every record the loop wants, across the kinds it owns.'),
  patches: z
    .array(DesiredRecord)
    .default([])
    .describe(
      'Fields the loop sets on records it does not own (an account’s territory and owner): only these fields are compared and written.',
    ),
});

/** A desired record. */
export type DesiredRecord = z.infer<typeof DesiredRecord>;
/** A desired state. */
export type DesiredState = z.infer<typeof DesiredState>;

const KINDS: ReadonlySet<unknown> = new Set(RECORD_KINDS);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** A JSON value as `z.json()` accepts it: finite numbers, plain objects and arrays all the way down. */
function isJson(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) return v.every(isJson);
      // A `__proto__` key of its own goes the schema's way (which drops it), not kept as it is.
      if (!isPlainObject(v) || Object.hasOwn(v, '__proto__')) return false;
      for (const k in v) if (!isJson(v[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

/** A desired record as its schema would give it back: exactly kind, id and values, nothing to strip. */
function isExactDesiredRecord(r: unknown): boolean {
  if (!isDesiredRecord(r)) return false;
  let keys = 0;
  for (const _ in r as object) keys++;
  return keys === 3;
}

/** The lists of a materialized loop's output that hold desired records. */
const DESIRED_LISTS = ['records', 'patches'] as const;

/** Whether every element of a list is plainly a desired record (a hole is not). */
function allExact(list: readonly unknown[]): boolean {
  for (let i = 0; i < list.length; i++) if (!(i in list) || !isExactDesiredRecord(list[i])) return false;
  return true;
}

/** Whether an object schema's desired lists, where it has them, are exactly the kernel's. */
function objectTakesDesiredLists(schema: z.ZodObject): boolean {
  const shape = schema.shape as Record<string, unknown>;
  return DESIRED_LISTS.every((k) => !(k in shape) || shape[k] === DesiredState.shape[k]);
}

const takesLists = new WeakMap<object, boolean>();

/**
 * Whether a contract checks `records` and `patches` with the kernel's own list schemas and nothing
 * more (an object extending DesiredState, or a union of objects that do or have no such lists), so
 * a list of plain desired records can be checked once by the kernel instead of element by element.
 */
function takesDesiredLists(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  const known = takesLists.get(schema);
  if (known !== undefined) return known;
  const hasLists = (o: z.ZodObject) => DESIRED_LISTS.some((k) => k in (o.shape as object));
  let ok = false;
  if (schema instanceof z.ZodObject) ok = hasLists(schema) && objectTakesDesiredLists(schema);
  else if (schema instanceof z.ZodUnion) {
    const options = schema.options as readonly unknown[];
    ok =
      options.every((o) => o instanceof z.ZodObject && objectTakesDesiredLists(o)) &&
      options.some((o) => hasLists(o as z.ZodObject));
  }
  takesLists.set(schema, ok);
  return ok;
}

/**
 * A materialized loop's output checked by `check` (its contract, `schema`) without the copy of a
 * million desired records a schema parse makes. When the contract takes the kernel's own desired
 * lists (see takesDesiredLists) and the output's `records` and `patches` are plainly desired records
 * (exactly kind, id and values, every value JSON: what their schema would return equal), the
 * contract checks the output with each list cut to its first record, and the lists are put back as
 * they are; anything else goes through the contract whole.
 */
export function checkDesiredOutput<T>(output: unknown, schema: unknown, check: (value: unknown) => T): T {
  if (!isPlainObject(output) || !takesDesiredLists(schema)) return check(output);
  const lists = DESIRED_LISTS.filter((k) => Array.isArray(output[k]));
  if (lists.length === 0 || !lists.every((k) => allExact(output[k] as unknown[]))) return check(output);
  const cut: Record<string, unknown> = { ...output };
  for (const k of lists) cut[k] = (output[k] as unknown[]).slice(0, 1);
  const checked: unknown = check(cut);
  if (isPlainObject(checked)) for (const k of lists) if (Array.isArray(checked[k])) checked[k] = output[k];
  return checked as T;
}

function isDesiredRecord(r: unknown): boolean {
  return (
    isPlainObject(r) &&
    KINDS.has(r.kind) &&
    typeof r.id === 'string' &&
    r.id.length > 0 &&
    isPlainObject(r.values) &&
    isJson(r.values)
  );
}

/**
 * A materialized loop's output as a desired state. A plan can hold a million records: an output
 * that is plainly one (every record well formed, nothing that needs converting) is taken as it is,
 * without the copy a schema parse makes; anything else goes through `DesiredState.parse`, which
 * accepts it or says precisely what is wrong.
 */
export function desiredStateOf(output: unknown): DesiredState {
  if (
    isPlainObject(output) &&
    Array.isArray(output.records) &&
    output.records.every(isDesiredRecord) &&
    (output.patches === undefined || (Array.isArray(output.patches) && output.patches.every(isDesiredRecord)))
  )
    return { records: output.records, patches: output.patches ?? [] } as DesiredState;
  return DesiredState.parse(output);
}

/** The field that marks a record as owned by a materialized loop (its name). */
export const MANAGED_BY = 'managedBy';
/**
 * The field that lists the fields a materialized loop set on a record it owns. Only those are the
 * loop's: a plan compares and rewrites them, removes one the loop no longer wants, and keeps every
 * other field (one another loop or an import wrote) as it is.
 */
export const MANAGED_FIELDS = 'managedFields';

/** The fields a stored record's list says its loop set; null for a record written before the list was kept. */
export function managedFieldsOf(values: JsonObject): string[] | null {
  const list = values[MANAGED_FIELDS];
  return Array.isArray(list) ? list.filter((f): f is string => typeof f === 'string') : null;
}
