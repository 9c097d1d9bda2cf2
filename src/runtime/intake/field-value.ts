import type { Json } from '../../kernel/index.js';
import type { ColumnSpec, FieldType } from '../../workspace/intake-mapping.js';
import { convertValue } from './convert-value.js';
import type { Converted } from './parse-date.js';

/** How one field's value is read: its mapping, a type hint, and its value map by lower-case label. */
export interface FieldRule {
  spec: ColumnSpec;
  hint: FieldType | undefined;
  labels: ReadonlyMap<string, Json> | null;
}

type Looked = { ok: true; value: unknown; mapped: boolean } | { ok: false; reason: string };

/** Labels and values of a value map, by lower-case text: a label maps to its value, a value to itself. */
export function labelsOf(map: Readonly<Record<string, Json>> | undefined): ReadonlyMap<string, Json> | null {
  if (!map) return null;
  const out = new Map<string, Json>();
  for (const value of Object.values(map)) if (value !== null) out.set(String(value).toLowerCase(), value);
  for (const [label, value] of Object.entries(map)) out.set(label.trim().toLowerCase(), value);
  return out;
}

function lookup(rule: FieldRule, item: unknown): Looked {
  const { labels, spec } = rule;
  const found =
    labels && typeof item !== 'object' ? labels.get(String(item).trim().toLowerCase()) : undefined;
  if (found !== undefined) return { ok: true, value: found, mapped: true };
  if (labels && spec.strict) {
    const allowed = Object.keys(spec.map ?? {})
      .map((l) => `"${l}"`)
      .join(', ');
    return { ok: false, reason: `${JSON.stringify(item)} is not one of ${allowed}` };
  }
  return { ok: true, value: item, mapped: false };
}

/**
 * Reads one non-empty source value: through the value map (labels ignoring case), then converted
 * to the field type. A list maps each item. A mapped value keeps its own type unless a type is given.
 */
export function convertField(rule: FieldRule, raw: unknown): Converted<Json> {
  const { spec } = rule;
  if ((spec.type ?? rule.hint) === 'list') {
    const list = convertValue(raw, 'list', spec.separator ? { separator: spec.separator } : {});
    if (!list.ok || !rule.labels) return list;
    const items: Json[] = [];
    for (const item of list.value as Json[]) {
      const m = lookup(rule, item);
      if (!m.ok) return m;
      items.push(m.value as Json);
    }
    return { ok: true, value: items };
  }
  const m = lookup(rule, raw);
  if (!m.ok) return m;
  const type = spec.type ?? (m.mapped ? undefined : (rule.hint ?? 'string'));
  if (type === undefined) return { ok: true, value: m.value as Json };
  return convertValue(m.value, type, spec.format ? { format: spec.format } : {});
}
