import { z } from 'zod';
import type { FieldType } from '../../workspace/intake-mapping.js';

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault)
    s = s.unwrap() as z.ZodType;
  return s;
}

function hintOf(schema: z.ZodType): FieldType | undefined {
  const s = unwrap(schema);
  if (s instanceof z.ZodNumber) return 'number';
  if (s instanceof z.ZodBoolean) return 'boolean';
  if (s instanceof z.ZodArray) return unwrap(s.element as z.ZodType) instanceof z.ZodString ? 'list' : 'json';
  if (s instanceof z.ZodObject) return 'json';
  return undefined;
}

/**
 * How each top-level field of a record schema is read when a mapping gives no type: numbers as
 * numbers, booleans as booleans, string arrays as lists, objects as JSON. So a CSV export of the
 * records re-imports without a mapping.
 */
export function typeHints(schema: z.ZodObject): Record<string, FieldType> {
  const out: Record<string, FieldType> = {};
  for (const [field, s] of Object.entries(schema.shape)) {
    const hint = hintOf(s as z.ZodType);
    if (hint) out[field] = hint;
  }
  return out;
}
