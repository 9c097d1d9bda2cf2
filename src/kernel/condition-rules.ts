import { asCompiled, compileAt } from './condition-compile.js';
import type { CompiledPart } from './condition-leaf.js';
import { foldEquals, type LeafProgram, requiredText } from './condition-program.js';
import type { CompiledCondition, Condition, ConditionOptions } from './condition-types.js';

/** A first-match rule set compiled once per config version. */
export interface CompiledRules {
  /** The index of the first condition that matches the subject, or -1: the hot path, no reasons built. */
  readonly firstMatch: (subject: unknown) => number;
  /** Each condition compiled on its own: call one for its reason, as a trace needs. */
  readonly conditions: readonly CompiledCondition[];
}

type Mask = Int32Array;

/** A field that several rules require to equal one of some strings: read once, it rules them in or out. */
interface FieldIndex {
  read: (subject: unknown) => unknown;
  /** The rules that require the field to be one of some values. */
  constrained: Mask;
  /** The rules that accept each value, by its spelling in the config… */
  exact: Map<string, Mask>;
  /** …and by its lower-case form, grouped by length, for any other spelling. */
  folded: Map<number, [string, Mask][]>;
}

/** The plain eq/in leaves a condition requires: the leaf itself, or the leaves directly under a top-level all. */
function required(part: CompiledPart): LeafProgram[] {
  const parts = part.all ?? [part];
  return parts.flatMap((p) => (p.program && requiredText(p.program) ? [p.program] : []));
}

function buildIndexes(parts: readonly CompiledPart[], words: number): FieldIndex[] {
  const byField = new Map<string, { program: LeafProgram; rule: number }[]>();
  parts.forEach((part, rule) => {
    const seen = new Set<string>();
    for (const program of required(part)) {
      // A second constraint on the same field adds nothing the first does not already rule out.
      if (seen.has(program.field)) continue;
      seen.add(program.field);
      byField.set(program.field, [...(byField.get(program.field) ?? []), { program, rule }]);
    }
  });
  const indexes: FieldIndex[] = [];
  for (const entries of byField.values()) {
    // Reading a field costs about what testing it does: index only fields several rules share.
    if (entries.length < 2) continue;
    const mask = () => new Int32Array(words);
    const set = (m: Mask, rule: number) => {
      m[rule >> 5] = (m[rule >> 5] as number) | (1 << (rule & 31));
    };
    const index: FieldIndex = {
      read: (entries[0] as { program: LeafProgram }).program.read,
      constrained: mask(),
      exact: new Map(),
      folded: new Map(),
    };
    const foldedMasks = new Map<string, Mask>();
    for (const { program, rule } of entries) {
      set(index.constrained, rule);
      const text = requiredText(program) as { exact: ReadonlySet<unknown>; folded: readonly string[] };
      for (const spelling of text.exact) {
        const m = index.exact.get(spelling as string) ?? mask();
        set(m, rule);
        index.exact.set(spelling as string, m);
      }
      for (const f of text.folded) {
        const m = foldedMasks.get(f) ?? mask();
        set(m, rule);
        foldedMasks.set(f, m);
      }
    }
    // A spelling accepts every rule its lower-case form accepts (eq 'A' and in ['a'] alike).
    for (const [spelling, m] of index.exact) {
      const all = foldedMasks.get(spelling.toLowerCase());
      if (all) for (let w = 0; w < words; w++) m[w] = (m[w] as number) | (all[w] as number);
    }
    for (const [f, m] of foldedMasks) index.folded.set(f.length, [...(index.folded.get(f.length) ?? []), [f, m]]);
    indexes.push(index);
  }
  return indexes;
}

function lookup(index: FieldIndex, v: string): Mask | undefined {
  const exact = index.exact.get(v);
  if (exact !== undefined) return exact;
  const same = index.folded.get(v.length);
  if (same !== undefined)
    for (let i = 0; i < same.length; i++) {
      const [f, m] = same[i] as [string, Mask];
      if (foldEquals(v, f)) return m;
    }
  return undefined;
}

/**
 * Compiles conditions evaluated in order, first match wins (routing rules, segments). Besides
 * each condition's own test, fields that several rules require to equal one of some strings
 * (`grade in [A, B]`, `region eq EMEA` directly under a rule's `all`) are indexed: the subject's
 * value is read once and rules it rules out are skipped without being tested. The answer is
 * always the one testing every rule in order would give; only a string value prunes (a list, a
 * number or a missing value leaves the rules to their own tests, except that a missing value
 * can never equal anything).
 */
export function compileRules(conditions: readonly Condition[], options: ConditionOptions = {}): CompiledRules {
  const variables = options.celVariables ?? {};
  const parts = conditions.map((c, i) => compileAt(c, String(i), variables));
  const tests = parts.map((p) => p.test);
  const n = parts.length;
  const words = Math.max(1, Math.ceil(n / 32));
  const indexes = buildIndexes(parts, words);
  const everyRule = new Int32Array(words).fill(-1);
  const candidates = new Int32Array(words);
  const firstMatch =
    indexes.length === 0
      ? (s: unknown) => {
          for (let i = 0; i < n; i++) if ((tests[i] as (s: unknown) => boolean)(s)) return i;
          return -1;
        }
      : (s: unknown) => {
          candidates.set(everyRule);
          for (let x = 0; x < indexes.length; x++) {
            const index = indexes[x] as FieldIndex;
            const v = index.read(s);
            let accepted: Mask | undefined;
            if (typeof v === 'string') accepted = lookup(index, v);
            else if (v !== undefined && v !== null) continue;
            const constrained = index.constrained;
            for (let w = 0; w < words; w++)
              candidates[w] =
                (candidates[w] as number) & (~(constrained[w] as number) | (accepted ? (accepted[w] as number) : 0));
          }
          for (let i = 0; i < n; i++)
            if (((candidates[i >> 5] as number) >>> (i & 31)) & 1 && (tests[i] as (s: unknown) => boolean)(s))
              return i;
          return -1;
        };
  return { firstMatch, conditions: parts.map(asCompiled) };
}
