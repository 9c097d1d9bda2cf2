import { parse, stringify } from 'yaml';
import type { Json } from '../kernel/index.js';

const PLAIN = /^[A-Za-z0-9_./@+$-][A-Za-z0-9 _./@+$()-]*$/;

/** A scalar as YAML source: plain when it reads back as the same value, else double-quoted. */
export function scalarText(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} to YAML`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') {
    if (PLAIN.test(value) && value.trim() === value) {
      try {
        if (parse(value) === value) return value;
      } catch {
        // not plain-safe: quote it below
      }
    }
    return JSON.stringify(value);
  }
  throw new TypeError('scalarText expects a scalar');
}

/** A value as one-line flow YAML, in the house style: `{ a: 1, b: [x, y] }`. */
export function flowText(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(flowText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${scalarText(k)}: ${flowText(v)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return scalarText(value);
}

/** A value as block YAML lines, each indented by `indent` spaces (no trailing newline). */
export function blockText(value: Json, indent: number): string {
  const text = stringify(value, { indent: 2, indentSeq: true, lineWidth: 0, flowCollectionPadding: false });
  const pad = ' '.repeat(indent);
  return text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => (l === '' ? l : pad + l))
    .join('\n');
}
