import type { Json } from '../../kernel/index.js';
import type { FieldType } from '../../workspace/intake-mapping.js';
import { type Converted, parseDate } from './parse-date.js';

/** How one field's value is read besides its type. */
export interface ConvertOptions {
  format?: string;
  separator?: string;
}

const NUMBER = /^[+-]?(\d+|\d{1,3}(,\d{3})+)?(\.\d+)?([eE][+-]?\d+)?$/;
const TRUE = new Set(['yes', 'true', '1', 'y']);
const FALSE = new Set(['no', 'false', '0', 'n']);

const fail = (reason: string): Converted<Json> => ({ ok: false, reason });
/** A value as messages quote it: text in double quotes, anything else as JSON. */
export const showValue = (v: unknown): string =>
  typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v));

function toNumber(raw: unknown): Converted<Json> {
  if (typeof raw === 'number')
    return Number.isFinite(raw) ? { ok: true, value: raw } : fail('not a finite number');
  if (typeof raw !== 'string') return fail(`${showValue(raw)} is not a number`);
  // A leading currency sign is common in CRM exports; thousands separators only in groups of three.
  const text = raw.trim().replace(/^([+-]?)[$€£¥]\s*/, '$1');
  if (text === '' || !NUMBER.test(text) || !/\d/.test(text)) return fail(`${showValue(raw)} is not a number`);
  return { ok: true, value: Number(text.replace(/,/g, '')) };
}

function toBoolean(raw: unknown): Converted<Json> {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  const text = String(raw).trim().toLowerCase();
  if (TRUE.has(text)) return { ok: true, value: true };
  if (FALSE.has(text)) return { ok: true, value: false };
  return fail(`${showValue(raw)} is not a boolean (expected yes/no, true/false or 1/0)`);
}

function toJson(raw: unknown): Converted<Json> {
  if (typeof raw !== 'string') return { ok: true, value: raw as Json };
  try {
    return { ok: true, value: JSON.parse(raw) as Json };
  } catch {
    return fail(`${showValue(raw)} is not JSON`);
  }
}

function toList(raw: unknown, separator: string): Converted<Json> {
  if (Array.isArray(raw)) return { ok: true, value: raw as Json[] };
  if (typeof raw !== 'string') return fail(`${showValue(raw)} is not a list`);
  return {
    ok: true,
    value: raw
      .split(separator)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

/** Converts one non-empty source value to a field type; the reason says what was wrong. */
export function convertValue(raw: unknown, type: FieldType, options: ConvertOptions = {}): Converted<Json> {
  switch (type) {
    case 'string':
      if (typeof raw === 'string') return { ok: true, value: raw };
      if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
      return fail(`${showValue(raw)} is not text`);
    case 'number':
      return toNumber(raw);
    case 'integer': {
      const n = toNumber(raw);
      if (n.ok && !Number.isInteger(n.value)) return fail(`${showValue(raw)} is not a whole number`);
      return n.ok ? n : fail(`${showValue(raw)} is not an integer`);
    }
    case 'boolean':
      return toBoolean(raw);
    case 'date': {
      if (typeof raw !== 'string') return fail(`${showValue(raw)} is not a date`);
      return parseDate(raw, options.format ?? 'iso');
    }
    case 'list':
      return toList(raw, options.separator ?? ',');
    case 'json':
      return toJson(raw);
  }
}
