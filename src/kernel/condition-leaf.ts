import { compilePattern, patternProblem } from './condition-pattern.js';
import { type LeafProgram, leafProgram, runLeaf } from './condition-program.js';
import type { ConditionLeaf, ConditionOp, ConditionResult, ConditionScalar } from './condition-types.js';
import { formatValue, isBlank, isMissing, lower, pathReader, toNumber } from './condition-values.js';
import { RevloopsError } from './errors.js';

/** A compiled piece of a condition: the fast test, its explanation, and a rough cost for ordering. */
export interface CompiledPart {
  /** The hot-path test of a leaf, run by `runLeaf`; all/any/not/cel use `test`. */
  program?: LeafProgram;
  /** The parts of an `all`, each required: what a rule set can index on. */
  all?: readonly CompiledPart[];
  test: (subject: unknown) => boolean;
  explain: (subject: unknown) => ConditionResult;
  /** Relative cost of `test`; cheaper parts of all/any run first on the hot path. */
  cost: number;
}

/** Operators that are the exact negation of another: they match when no member matches it. */
export const NEGATION = { neq: 'eq', not_in: 'in', empty: 'exists' } as const satisfies Partial<
  Record<ConditionOp, ConditionOp>
>;

/** An operator that is not a negation. */
export type PositiveOp = Exclude<ConditionOp, keyof typeof NEGATION>;

const isScalar = (v: unknown) =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** True when a value is [min, max]: two finite numbers with min <= max. */
function isRange(v: unknown): v is [number, number] {
  return (
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'number' &&
    typeof v[1] === 'number' &&
    Number.isFinite(v[0]) &&
    Number.isFinite(v[1]) &&
    v[0] <= v[1]
  );
}

/** Why a condition leaf is malformed, or undefined when it is fine. */
export function leafProblem(op: ConditionOp, value: unknown): string | undefined {
  switch (op) {
    case 'exists':
    case 'empty':
      return value === undefined ? undefined : `${op} takes no value`;
    case 'eq':
    case 'neq':
      return isScalar(value) ? undefined : `${op} needs a value (a string, number or boolean)`;
    case 'in':
    case 'not_in':
      return Array.isArray(value) && value.length > 0 && value.every(isScalar)
        ? undefined
        : `${op} needs a non-empty list of values`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `${op} needs a number`;
    case 'between':
      return isRange(value) ? undefined : 'between needs [min, max], two numbers with min <= max';
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return (typeof value === 'string' && value !== '') || typeof value === 'number'
        ? undefined
        : `${op} needs a non-empty string`;
    case 'matches':
      return patternProblem(value);
  }
}

/** A test of one present member of the field's value (never missing, never a list). */
type MemberTest = (m: unknown) => boolean;

/**
 * Whether a member equals a value as `eq` compares: numbers by value (numeric strings too),
 * booleans exactly or as text, strings without regard to case. This is the reference: the hot
 * path (condition-program) must always agree with it.
 */
function sameValue(m: unknown, x: ConditionScalar): boolean {
  if (typeof x === 'number') return toNumber(m) === x;
  if (typeof x === 'boolean') return m === x || lower(m) === String(x);
  return lower(m) === x.toLowerCase();
}

function equalsAny(list: readonly ConditionScalar[]): MemberTest {
  if (list.length === 1) {
    const x = list[0] as ConditionScalar;
    return (m) => sameValue(m, x);
  }
  return (m) => list.some((x) => sameValue(m, x));
}

function numeric(f: (n: number) => boolean): MemberTest {
  return (m) => {
    const n = typeof m === 'number' ? m : toNumber(m);
    return n !== undefined && Number.isFinite(n) && f(n);
  };
}

function text(value: ConditionScalar | ConditionScalar[] | undefined, f: (s: string, t: string) => boolean) {
  const t = lower(value);
  return (m: unknown) => f(typeof m === 'string' ? m.toLowerCase() : lower(m), t);
}

/** The member test of a positive operator, with what it expects in words and its cost. */
function memberTest(op: PositiveOp, value: ConditionScalar | ConditionScalar[] | undefined) {
  const x = value as number;
  switch (op) {
    case 'eq':
      return { test: equalsAny([value as ConditionScalar]), cost: 2 };
    case 'in':
      return { test: equalsAny(value as ConditionScalar[]), cost: 3 };
    case 'gt':
      return { test: numeric((n) => n > x), cost: 2 };
    case 'gte':
      return { test: numeric((n) => n >= x), cost: 2 };
    case 'lt':
      return { test: numeric((n) => n < x), cost: 2 };
    case 'lte':
      return { test: numeric((n) => n <= x), cost: 2 };
    case 'between': {
      const [min, max] = value as [number, number];
      return { test: numeric((n) => n >= min && n <= max), cost: 2 };
    }
    case 'contains':
      return { test: text(value, (s, t) => s.includes(t)), cost: 4 };
    case 'starts_with':
      return { test: text(value, (s, t) => s.startsWith(t)), cost: 4 };
    case 'ends_with':
      return { test: text(value, (s, t) => s.endsWith(t)), cost: 4 };
    case 'matches': {
      const pattern = compilePattern(value as string);
      return { test: (m: unknown) => pattern.test(typeof m === 'string' ? m : String(m)), cost: 20, pattern };
    }
    case 'exists':
      return { test: () => true, cost: 1 };
  }
}

/** What a leaf expects, in words, as its reason says it. */
function expectedWords(op: ConditionOp, value: ConditionScalar | ConditionScalar[] | undefined): string {
  const list = Array.isArray(value) ? value : [];
  switch (op) {
    case 'eq':
      return formatValue(value);
    case 'neq':
      return `not ${formatValue(value)}`;
    case 'in':
      return `one of ${list.join(', ')}`;
    case 'not_in':
      return `none of ${list.join(', ')}`;
    case 'gt':
      return `more than ${value}`;
    case 'gte':
      return `at least ${value}`;
    case 'lt':
      return `less than ${value}`;
    case 'lte':
      return `at most ${value}`;
    case 'between':
      return `between ${list[0]} and ${list[1]}`;
    case 'contains':
      return `to contain '${value}'`;
    case 'starts_with':
      return `to start with '${value}'`;
    case 'ends_with':
      return `to end with '${value}'`;
    case 'matches':
      return `to match /${value}/`;
    case 'exists':
      return 'a value';
    case 'empty':
      return 'no value';
  }
}

/** Whether any present member of a list passes. */
function anyMember(list: readonly unknown[], t: MemberTest): boolean {
  for (const m of list) if (!isMissing(m) && t(m)) return true;
  return false;
}

/** Whether any present member of a value passes: a missing value has no members. */
function hits(v: unknown, t: MemberTest): boolean {
  if (typeof v === 'string') return t(v) && !isBlank(v);
  if (v === undefined || v === null) return false;
  return Array.isArray(v) ? anyMember(v, t) : t(v);
}

/** Throws CONFIG_INVALID naming where a malformed condition is. */
export function conditionError(where: string, problem: string): RevloopsError {
  return new RevloopsError('CONFIG_INVALID', `condition at ${where || '(root)'}: ${problem}`, [
    { path: where, message: problem },
  ]);
}

/** Compiles one leaf. Throws CONFIG_INVALID for a malformed one, naming its path. */
export function compileLeaf(leaf: ConditionLeaf, where: string): CompiledPart {
  const problem =
    typeof leaf.field === 'string' && leaf.field !== ''
      ? leafProblem(leaf.op, leaf.value)
      : 'a leaf needs a field: the dotted path of the value to test';
  if (problem) throw conditionError(where, problem);
  const negated = Object.hasOwn(NEGATION, leaf.op);
  const positive = negated ? NEGATION[leaf.op as keyof typeof NEGATION] : (leaf.op as PositiveOp);
  const found = memberTest(positive, leaf.value);
  const { test: member, cost } = found;
  const pattern = 'pattern' in found ? found.pattern : undefined;
  const read = pathReader(leaf.field);
  const expected = expectedWords(leaf.op, leaf.value);
  const field = leaf.field;
  const slow = (v: unknown) => hits(v, member) !== negated;
  const program = leafProgram({ op: positive, field, value: leaf.value, read, slow, negated, pattern });
  return {
    program,
    test: (s) => runLeaf(program, s),
    explain: (s) => {
      const v = read(s);
      const matched = hits(v, member) !== negated;
      const seen = isMissing(v) ? 'has no value' : `is ${formatValue(v)}`;
      return { matched, reason: `${field} ${seen} (expected ${expected})` };
    },
    cost,
  };
}
