import { asCompiled, compileAt } from './condition-compile.js';
import type { CompiledPart } from './condition-leaf.js';
import { foldEquals, type LeafProgram, requiredText, testLeaf } from './condition-program.js';
import { rowReader } from './condition-row.js';
import type { CompiledCondition, Condition, ConditionOptions } from './condition-types.js';
import { directKey } from './condition-values.js';

/** A first-match rule set compiled once per config version. */
export interface CompiledRules {
  /** The index of the first condition that matches the subject, or -1: the hot path, no reasons built. */
  readonly firstMatch: (subject: unknown) => number;
  /** Each condition compiled on its own: call one for its reason, as a trace needs. */
  readonly conditions: readonly CompiledCondition[];
}

/** Rules are pruned by bit masks in one 32-bit number: the first 32 can be skipped, later ones are always tested. */
const INDEXED = 32;
/** Fields indexed at most: each has a bit in one 32-bit "decided" mask. */
const MAX_FIELDS = 32;
/** Slots of each index's answer cache: a field worth indexing has few distinct values. */
const SLOTS = 64;

/**
 * A field that several rules require to equal one of some strings (eq/in). Read once per
 * subject, it rules those rules in or out and decides their leaf, which then needs no test of
 * its own. (Ranges are not indexed: testing a range costs what deciding it would.)
 */
interface FieldIndex {
  read: (subject: unknown) => unknown;
  /** One of the leaves it indexes: the field they read. */
  leaf: LeafProgram;
  /** Rules (bits) with a string constraint, and the leaves that state it. */
  text: number;
  textLeaves: ReadonlySet<LeafProgram>;
  /** Each value as the config spells it and the rules accepting it (few: a scan beats a hash)… */
  spellings: string[];
  spellingRules: number[];
  /** …and lower-cased, for any other spelling. */
  folded: string[];
  foldedRules: number[];
  /** Answers worked out so far: the value in a slot and the rules it satisfies. */
  cachedValues: string[];
  cachedRules: number[];
}

type Entry = { program: LeafProgram; rule: number };

/** The leaves a condition requires: the leaf itself, or the leaves directly under a top-level all. */
function requiredLeaves(part: CompiledPart): LeafProgram[] {
  return (part.all ?? [part]).flatMap((p) => (p.program ? [p.program] : []));
}

function textIndex(entries: readonly Entry[]) {
  const rulesOf = new Map<string, number>();
  const spellings = new Map<string, string>();
  for (const { program, rule } of entries) {
    const text = requiredText(program) as { exact: ReadonlySet<unknown>; folded: readonly string[] };
    for (const f of text.folded) rulesOf.set(f, (rulesOf.get(f) ?? 0) | (1 << rule));
    for (const s of text.exact) spellings.set(s as string, (s as string).toLowerCase());
  }
  return {
    text: entries.reduce((bits, e) => bits | (1 << e.rule), 0),
    textLeaves: new Set(entries.map((e) => e.program)),
    // A spelling accepts every rule its lower-case form does (eq 'A' and in ['a'] alike).
    spellings: [...spellings.keys()],
    spellingRules: [...spellings.values()].map((f) => rulesOf.get(f) ?? 0),
    folded: [...rulesOf.keys()],
    foldedRules: [...rulesOf.values()],
    // Empty slots hold '', which satisfies no rule: every indexed value is non-blank.
    cachedValues: new Array<string>(SLOTS).fill(''),
    cachedRules: new Array<number>(SLOTS).fill(0),
  };
}

function buildIndexes(parts: readonly CompiledPart[]): FieldIndex[] {
  const byField = new Map<string, { entries: Entry[]; read: (s: unknown) => unknown }>();
  parts.slice(0, INDEXED).forEach((part, rule) => {
    for (const program of requiredLeaves(part)) {
      if (!requiredText(program)) continue;
      const field = byField.get(program.field) ?? { entries: [], read: program.read };
      // One constraint per rule and field: another adds nothing the first does not rule out.
      if (!field.entries.some((e) => e.rule === rule)) field.entries.push({ program, rule });
      byField.set(program.field, field);
    }
  });
  return (
    [...byField.values()]
      // Reading a field costs about what testing it does: index only fields several rules share.
      .filter((f) => f.entries.length >= 2)
      .slice(0, MAX_FIELDS)
      .map((f) => ({ read: f.read, leaf: (f.entries[0] as Entry).program, ...textIndex(f.entries) }))
  );
}

/**
 * The rules (bits) a string value of the field satisfies. Answers are cached in a small table
 * keyed by a cheap hash of the value (length, first and last character), cheaper than a Map
 * lookup; a collision only means working the answer out again.
 */
function accepted(index: FieldIndex, v: string): number {
  const slot = (v.length * 31 + v.charCodeAt(0) * 7 + v.charCodeAt(v.length - 1)) & (SLOTS - 1);
  if (index.cachedValues[slot] === v) return index.cachedRules[slot] as number;
  const bits = lookup(index, v);
  index.cachedValues[slot] = v;
  index.cachedRules[slot] = bits;
  return bits;
}

function lookup(index: FieldIndex, v: string): number {
  const spellings = index.spellings;
  for (let i = 0; i < spellings.length; i++) if (spellings[i] === v) return index.spellingRules[i] as number;
  const folded = index.folded;
  for (let i = 0; i < folded.length; i++) {
    const f = folded[i] as string;
    if (f.length === v.length && foldEquals(v, f)) return index.foldedRules[i] as number;
  }
  return 0;
}

/**
 * A rule that is a leaf or an `all` of leaves, as its leaf programs (cheapest first): the rule
 * loop runs them itself, with no call per rule. null for any other rule.
 */
function conjunction(part: CompiledPart): readonly LeafProgram[] | null {
  if (part.program) return [part.program];
  if (!part.all?.every((p) => p.program)) return null;
  return [...(part.all ?? [])].sort((a, b) => a.cost - b.cost).map((p) => p.program as LeafProgram);
}

/** For each leaf of a rule, the index (and bit of the "decided" mask) that settles it, or -1. */
function decidedBits(programs: readonly LeafProgram[] | null, indexes: readonly FieldIndex[]): number[] {
  return (programs ?? []).map((p) => indexes.findIndex((index) => index.textLeaves.has(p)));
}

/**
 * The first-match loop. The indexed fields are read first: a string value rules out the rules
 * whose constraint it fails and decides that constraint for the others, so its leaf is skipped;
 * a missing value rules out every rule that constrains the field (a positive leaf never matches
 * a missing value); any other value (a list, a number) decides nothing. Then the rules still
 * standing are tried in order, their undecided leaves run here, with no call per rule. Fields are
 * read into a scratch row reused from call to call: a call runs no code that could re-enter it.
 */
function firstMatchOf(parts: readonly CompiledPart[]): (subject: unknown) => number {
  const tests = parts.map((p) => p.test);
  const leaves = parts.map(conjunction);
  const indexes = buildIndexes(parts);
  const decidedBy = leaves.map((programs) => decidedBits(programs, indexes));
  const count = indexes.length;
  // Every top-level field the loop reads is read into a row at once, one call per 8 fields.
  const fields = [
    ...new Set(
      [...leaves.flatMap((l) => l ?? []), ...indexes.map((x) => x.leaf)]
        .map((p) => p.field)
        .filter((f) => directKey(f) !== undefined),
    ),
  ];
  const slotOf = new Map(fields.map((f, i) => [f, i]));
  const readRow = rowReader(fields.map((f) => directKey(f) as string));
  const values: unknown[] = new Array(fields.length).fill(undefined);
  const indexSlots = indexes.map((x) => slotOf.get(x.leaf.field) ?? -1);
  const leafSlots = leaves.map((l) => (l ?? []).map((p) => slotOf.get(p.field) ?? -1));
  // The usual case: every indexed field held a string, so every indexed leaf is decided and the
  // rules run only their other leaves, with no check per leaf.
  const everyDecided = count === 32 ? -1 : (1 << count) - 1;
  const undecided = leaves.map((l, i) => (l ?? []).filter((_, j) => (decidedBy[i] as number[])[j] === -1));
  const undecidedSlots = undecided.map((l) => l.map((p) => slotOf.get(p.field) ?? -1));
  const n = parts.length;
  return (s) => {
    readRow(s, values);
    let bits = -1;
    let decided = 0;
    for (let x = 0; x < count; x++) {
      const index = indexes[x] as FieldIndex;
      const slot = indexSlots[x] as number;
      const v = slot >= 0 ? values[slot] : index.read(s);
      if (typeof v === 'string') {
        bits &= ~index.text | accepted(index, v);
        decided |= 1 << x;
      } else if (v === undefined || v === null) bits &= ~index.text;
    }
    // Visit only the rules still standing: the lowest set bit first, then every rule past 32.
    let i = -1;
    rules: while (true) {
      if (i < INDEXED - 1 && bits !== 0) {
        const low = bits & -bits;
        i = 31 - Math.clz32(low);
        bits ^= low;
      } else i = Math.max(i + 1, INDEXED);
      if (i >= n) return -1;
      const programs = leaves[i] as readonly LeafProgram[] | null;
      if (programs === null) {
        if ((tests[i] as (s: unknown) => boolean)(s)) return i;
        continue;
      }
      if (decided === everyDecided) {
        const rest = undecided[i] as readonly LeafProgram[];
        const restSlots = undecidedSlots[i] as readonly number[];
        for (let j = 0; j < rest.length; j++) {
          const p = rest[j] as LeafProgram;
          const slot = restSlots[j] as number;
          if (!testLeaf(p, slot >= 0 ? values[slot] : p.read(s))) continue rules;
        }
        return i;
      }
      const by = decidedBy[i] as readonly number[];
      const slots = leafSlots[i] as readonly number[];
      for (let j = 0; j < programs.length; j++) {
        const bit = by[j] as number;
        if (bit >= 0 && ((decided >>> bit) & 1) === 1) continue;
        const p = programs[j] as LeafProgram;
        const slot = slots[j] as number;
        if (!testLeaf(p, slot >= 0 ? values[slot] : p.read(s))) continue rules;
      }
      return i;
    }
  };
}

/**
 * Compiles conditions evaluated in order, first match wins (routing rules, segments). Besides
 * each condition's own test, a field that several rules require to equal one of some strings
 * (`grade in [A, B]`, `region eq EMEA`, as the rule or directly under its `all`) is indexed:
 * read once per subject, it skips the rules it rules out, untested. The answer is always the
 * one testing every rule in order gives.
 */
export function compileRules(
  conditions: readonly Condition[],
  options: ConditionOptions = {},
): CompiledRules {
  const variables = options.celVariables ?? {};
  const parts = conditions.map((c, i) => compileAt(c, String(i), variables));
  return { firstMatch: firstMatchOf(parts), conditions: parts.map(asCompiled) };
}
