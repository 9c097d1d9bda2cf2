import { type Facts, lookupFact } from './facts.js';
import { round3 } from './string-similarity.js';

/** A filled slot: the fact path and the text put in its place. */
export interface FilledSlot {
  slot: string;
  text: string;
}

/** A composed text, or null with the facts it lacks: nothing is ever made up to fill a gap. */
export interface Composition {
  /** The text, when every required slot had a fact; otherwise null. */
  text: string | null;
  filled: FilledSlot[];
  /** Required slots with no fact. */
  missing: string[];
  /** Optional slots (`{{path?}}`) left empty for want of a fact. */
  skipped: string[];
  /** 1 when complete, otherwise the share of required slots filled (the text is null then). */
  confidence: number;
  reasoning: string;
}

/** `{{path}}` is required, `{{path?}}` optional. Paths are dotted: `{{company.name}}`. */
const SLOT = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)(\?)?\s*\}\}/g;

/** Text for a fact: strings and numbers as they are, lists as "a, b and c"; objects are not text. */
function factText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    const items = value.map(String);
    return items.length === 1 ? (items[0] as string) : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
  }
  return null;
}

/**
 * Fills a template's slots from research facts. `{{path}}` slots must all have a fact or no text is
 * made (the missing facts are listed instead); `{{path?}}` slots are left empty when unknown. A fact
 * that is an object, not text, counts as missing. Never invents a value.
 */
export function composeTemplate(template: string, facts: Facts): Composition {
  const filled: FilledSlot[] = [];
  const missing: string[] = [];
  const skipped: string[] = [];
  const required = new Set<string>();
  const text = template.replace(SLOT, (_whole, path: string, optional: string | undefined) => {
    if (!optional) required.add(path);
    const fact = lookupFact(facts, path);
    const value = fact.found ? factText(fact.value) : null;
    if (value === null) {
      const list = optional ? skipped : missing;
      if (!list.includes(path)) list.push(path);
      return '';
    }
    filled.push({ slot: path, text: value });
    return value;
  });
  if (missing.length > 0) {
    return {
      text: null,
      filled,
      missing,
      skipped,
      confidence: round3((required.size - missing.length) / required.size),
      reasoning: `missing ${missing.length === 1 ? 'fact' : 'facts'} ${missing.join(', ')}; no text is composed without ${missing.length === 1 ? 'it' : 'them'}`,
    };
  }
  const used = [...new Set(filled.map((f) => f.slot))];
  return {
    text: text
      .replace(/[ \t]{2,}/g, ' ')
      .replace(/ +([,.;:!?])/g, '$1')
      .trim(),
    filled,
    missing,
    skipped,
    confidence: 1,
    reasoning: `filled ${used.join(', ') || 'no slots'}${skipped.length ? `; left out ${skipped.join(', ')}` : ''}`,
  };
}

/** The first of several templates, most specific first, whose required facts are all known. */
export function composeFirst(templates: readonly string[], facts: Facts): Composition & { template: number } {
  let fewest: (Composition & { template: number }) | null = null;
  for (const [i, t] of templates.entries()) {
    const c = { ...composeTemplate(t, facts), template: i };
    if (c.text !== null)
      return { ...c, reasoning: `template ${i + 1} of ${templates.length}: ${c.reasoning}` };
    if (!fewest || c.missing.length < fewest.missing.length) fewest = c;
  }
  if (!fewest)
    return {
      text: null,
      filled: [],
      missing: [],
      skipped: [],
      confidence: 0,
      reasoning: 'no templates',
      template: -1,
    };
  return {
    ...fewest,
    reasoning: `no template has all its facts; the closest (${fewest.template + 1}) is ${fewest.reasoning}`,
  };
}
