import type { Json, JsonObject } from '../../kernel/index.js';
import type { SignalKind } from './research-config.js';

/** One thing research learned, and where it came from (a record, enrichment, a source, the event). */
export interface Fact {
  /** Dotted path as templates read it: lead.firstName, company.employees, signal.title. */
  key: string;
  value: Json;
  /** record:lead/<id>, enrichment:<provider>, source:<name>, event:account.signal, config:segment. */
  source: string;
}

/** A signal found about a company, with its source. */
export interface Signal {
  kind: SignalKind;
  title: string;
  date: string | null;
  detail: string | null;
  round: string | null;
  amount: number | null;
  url: string | null;
  source: string;
}

/** Facts gathered one by one, each cited; later facts never overwrite earlier ones (first source wins). */
export class FactSheet {
  private readonly list: Fact[] = [];

  /** Adds a fact unless it is empty or its key is already known. */
  add(key: string, value: Json | undefined, source: string): void {
    if (value === undefined || value === null) return;
    if (typeof value === 'string' && value.trim() === '') return;
    if (Array.isArray(value) && value.length === 0) return;
    if (this.list.some((f) => f.key === key)) return;
    this.list.push({ key, value, source });
  }

  /** Every fact, in the order found. */
  all(): Fact[] {
    return [...this.list];
  }

  /** The facts as the nested object templates and rubric checks read (`company.name`). */
  tree(): JsonObject {
    const out: JsonObject = {};
    for (const f of this.list) {
      const keys = f.key.split('.');
      let node: JsonObject = out;
      for (const k of keys.slice(0, -1)) {
        const next = node[k];
        if (next === null || typeof next !== 'object' || Array.isArray(next)) node[k] = {};
        node = node[k] as JsonObject;
      }
      node[keys.at(-1) as string] = f.value;
    }
    return out;
  }
}

/** Text of a value, or undefined when it is not a non-empty string. */
export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/** A number, from a number or numeric text. */
export function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** A list of text, from a list or a `;`/`,`-separated text. */
export function list(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  const s = str(v);
  return s
    ? s
        .split(/[;,|]/)
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;
}

/** "$40M", "$1.2B", "$850K" for an amount in dollars. */
export function money(amount: number): string {
  const fmt = (n: number, unit: string) => `$${Number.isInteger(n) ? n : n.toFixed(1)}${unit}`;
  if (amount >= 1e9) return fmt(Math.round(amount / 1e8) / 10, 'B');
  if (amount >= 1e6) return fmt(Math.round(amount / 1e5) / 10, 'M');
  if (amount >= 1e3) return fmt(Math.round(amount / 1e2) / 10, 'K');
  return `$${amount}`;
}
