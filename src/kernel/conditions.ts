import { z } from 'zod';
import { RevloopsError } from './errors.js';

const COMPARISON_OPS = ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
const TEXT_OPS = ['contains', 'startsWith', 'endsWith', 'exists', 'empty', 'matches'] as const;

/** All condition operators, in a stable order. */
export const CONDITION_OPS = [...COMPARISON_OPS, ...TEXT_OPS] as const;

/** The comparison operators a condition leaf may use. */
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** A literal a condition compares against. */
export type ConditionScalar = string | number | boolean;

/**
 * A structured condition, as written in YAML. String comparisons (eq, ne, in, notIn, contains,
 * startsWith, endsWith, matches) ignore case. When the field holds a list, a leaf matches if any
 * member matches (ne and notIn: if no member equals). A missing value (absent, null, '' or [])
 * matches only `empty`, `ne` and `notIn`.
 */
export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { field: string; op: ConditionOp; value?: ConditionScalar | ConditionScalar[] };

/** What a compiled condition answers: whether it matched, and why in plain words. */
export interface ConditionResult {
  matched: boolean;
  reason: string;
}

/** A condition compiled once into a closure. */
export type CompiledCondition = (subject: unknown) => ConditionResult;

/** The longest regular expression `matches` accepts. */
export const MAX_PATTERN_LENGTH = 200;

const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/;

/** Why a condition leaf is malformed, or undefined when it is fine. */
function leafProblem(op: ConditionOp, value: unknown): string | undefined {
  const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  switch (op) {
    case 'exists':
    case 'empty':
      return value === undefined ? undefined : `${op} takes no value`;
    case 'eq':
    case 'ne':
      return isScalar(value) ? undefined : `${op} needs a value (a string, number or boolean)`;
    case 'in':
    case 'notIn':
      return Array.isArray(value) && value.length > 0 && value.every(isScalar)
        ? undefined
        : `${op} needs a non-empty list of values`;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return typeof value === 'number' ? undefined : `${op} needs a number`;
    case 'between':
      return isRange(value) ? undefined : 'between needs [min, max], two numbers with min <= max';
    case 'contains':
    case 'startsWith':
    case 'endsWith':
      return typeof value === 'string' || typeof value === 'number' ? undefined : `${op} needs a string`;
    case 'matches':
      return patternProblem(value);
  }
}

function isRange(v: unknown): v is [number, number] {
  return (
    Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number' && v[0] <= v[1]
  );
}

function patternProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'matches needs a regular expression as a string';
  if (value.length > MAX_PATTERN_LENGTH)
    return `the pattern is ${value.length} characters; at most ${MAX_PATTERN_LENGTH} are allowed`;
  if (NESTED_QUANTIFIER.test(value))
    return 'the pattern nests quantifiers such as (a+)+, which can take exponential time';
  try {
    new RegExp(value, 'i');
    return undefined;
  } catch (err) {
    return `the pattern is not a valid regular expression: ${err instanceof Error ? err.message : String(err)}`;
  }
}

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

interface ConditionNode {
  all?: ConditionNode[] | undefined;
  any?: ConditionNode[] | undefined;
  not?: ConditionNode | undefined;
  field?: string | undefined;
  op?: ConditionOp | undefined;
  value?: ConditionScalar | ConditionScalar[] | undefined;
}

const FORMS = ['all', 'any', 'not', 'field'] as const;

const HELP = {
  all: 'Matches when every condition in the list matches.',
  any: 'Matches when at least one condition in the list matches.',
  not: 'Matches when the condition does not match.',
  field: "Dotted path of the value to test, e.g. 'company.employees'.",
  op: 'How to compare the value; string comparisons ignore case.',
  value:
    'What to compare with: a list for in/notIn, [min, max] for between, a regex for matches, none for exists/empty.',
};

function refineNode(c: ConditionNode, ctx: z.RefinementCtx): void {
  const forms = FORMS.filter((k) => c[k] !== undefined);
  const fail = (message: string, path: string[] = []) => ctx.addIssue({ code: 'custom', path, message });
  if (forms.length !== 1) {
    fail(`expected exactly one of all, any, not or field (found ${forms.join(', ') || 'none'})`);
  } else if (forms[0] !== 'field') {
    if (c.op !== undefined || c.value !== undefined)
      fail('op and value belong with field, not with all/any/not');
  } else if (c.op === undefined) {
    fail(`expected an op: one of ${CONDITION_OPS.join(', ')}`, ['op']);
  } else {
    const problem = leafProblem(c.op, c.value);
    if (problem) fail(problem, ['value']);
  }
}

const Node: z.ZodType<ConditionNode> = z.lazy(() =>
  z
    .strictObject({
      all: z.array(Node).min(1).optional().describe(HELP.all),
      any: z.array(Node).min(1).optional().describe(HELP.any),
      not: Node.optional().describe(HELP.not),
      field: z.string().min(1).optional().describe(HELP.field),
      op: z.enum(CONDITION_OPS).optional().describe(HELP.op),
      value: z
        .union([Scalar, z.array(Scalar)])
        .optional()
        .describe(HELP.value),
    })
    .superRefine(refineNode),
);

/**
 * The zod schema of a condition: `{all: [...]}`, `{any: [...]}`, `{not: ...}` or `{field, op, value}`.
 * The refinement guarantees exactly one form, so the parsed value is a `Condition`.
 */
export const ConditionSchema = Node.describe(
  'A structured condition: {all: [...]}, {any: [...]}, {not: {...}} or {field, op, value}. String comparisons ignore case.',
) as unknown as z.ZodType<Condition>;

/** Reads a dotted path (`company.employees`, `activities.0.type`) from own properties only. */
export function getPath(obj: unknown, path: string): unknown {
  let current: unknown = obj;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** True for absent, null, blank strings and empty lists: what conditions and scoring call "no value". */
export function isMissing(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** Formats a value for a plain-language reason. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(', ')}]`;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

const lower = (v: unknown): string => String(v).toLowerCase();

function sameValue(actual: unknown, expected: ConditionScalar): boolean {
  if (typeof expected === 'number') return toNumber(actual) === expected;
  if (typeof expected === 'boolean') return actual === expected || lower(actual) === String(expected);
  return lower(actual) === expected.toLowerCase();
}

type Test = (v: unknown) => boolean;
type LeafValue = ConditionScalar | ConditionScalar[];

const NUMBER_TESTS: Record<'gt' | 'gte' | 'lt' | 'lte', [(n: number, x: number) => boolean, string]> = {
  gt: [(n, x) => n > x, 'more than'],
  gte: [(n, x) => n >= x, 'at least'],
  lt: [(n, x) => n < x, 'less than'],
  lte: [(n, x) => n <= x, 'at most'],
};

const TEXT_TESTS: Record<
  'contains' | 'startsWith' | 'endsWith',
  [(s: string, t: string) => boolean, string]
> = {
  contains: [(s, t) => s.includes(t), 'to contain'],
  startsWith: [(s, t) => s.startsWith(t), 'to start with'],
  endsWith: [(s, t) => s.endsWith(t), 'to end with'],
};

function numberTest(f: (n: number) => boolean): Test {
  return (v) => {
    const n = toNumber(v);
    return n !== undefined && f(n);
  };
}

function leafTest(op: ConditionOp, value: LeafValue | undefined): { test: Test; expected: string } {
  const one = value as ConditionScalar;
  const list = (value ?? []) as ConditionScalar[];
  switch (op) {
    case 'eq':
    case 'ne':
      return { test: (v) => sameValue(v, one), expected: `${op === 'ne' ? 'not ' : ''}${formatValue(one)}` };
    case 'in':
    case 'notIn':
      return {
        test: (v) => list.some((e) => sameValue(v, e)),
        expected: `${op === 'in' ? 'one' : 'none'} of ${list.join(', ')}`,
      };
    case 'between': {
      const [min, max] = list as [number, number];
      return { test: numberTest((n) => n >= min && n <= max), expected: `between ${min} and ${max}` };
    }
    case 'matches': {
      const re = new RegExp(String(value), 'i');
      return { test: (v) => re.test(String(v)), expected: `to match /${value}/` };
    }
    case 'exists':
    case 'empty':
      return { test: () => op === 'exists', expected: op === 'exists' ? 'a value' : 'no value' };
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      const [f, words] = TEXT_TESTS[op];
      const text = lower(value);
      return { test: (v) => f(lower(v), text), expected: `${words} '${value}'` };
    }
    default: {
      const [f, words] = NUMBER_TESTS[op];
      const x = value as number;
      return { test: numberTest((n) => f(n, x)), expected: `${words} ${x}` };
    }
  }
}

/** Operators that match when no member of the value passes the test. */
const NEGATED: ReadonlySet<ConditionOp> = new Set(['ne', 'notIn']);

function compileLeaf(
  field: string,
  op: ConditionOp,
  value: LeafValue | undefined,
  path: string,
): CompiledCondition {
  const problem = leafProblem(op, value);
  if (problem) {
    const where = `condition at ${path || '(root)'}`;
    throw new RevloopsError('CONFIG_INVALID', `${where}: ${problem}`, [{ path, message: problem }]);
  }
  const { test, expected } = leafTest(op, value);
  return (subject) => {
    const actual = getPath(subject, field);
    if (isMissing(actual)) {
      const matched = op === 'empty' || NEGATED.has(op);
      return { matched, reason: `${field} has no value (expected ${expected})` };
    }
    const members = Array.isArray(actual) ? actual : [actual];
    const hit = members.some((m) => !isMissing(m) && test(m));
    const matched = NEGATED.has(op) ? !hit : hit;
    return { matched, reason: `${field} is ${formatValue(actual)} (expected ${expected})` };
  };
}

/** all (`every`) stops at the first miss; any stops at the first match. */
function compileList(parts: readonly CompiledCondition[], every: boolean): CompiledCondition {
  return (subject) => {
    const reasons: string[] = [];
    for (const part of parts) {
      const r = part(subject);
      if (r.matched !== every) return r;
      reasons.push(r.reason);
    }
    return every
      ? { matched: true, reason: reasons.join(' and ') }
      : { matched: false, reason: `none matched: ${reasons.join('; ')}` };
  };
}

function compileAt(c: Condition, path: string): CompiledCondition {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if ('all' in c || 'any' in c) {
    const [key, items] = 'all' in c ? ['all', c.all] : ['any', c.any];
    const parts = items.map((p, i) => compileAt(p, at(`${key}.${i}`)));
    return compileList(parts, key === 'all');
  }
  if ('not' in c) {
    const inner = compileAt(c.not, at('not'));
    return (subject) => {
      const r = inner(subject);
      return { matched: !r.matched, reason: `not (${r.reason})` };
    };
  }
  return compileLeaf(c.field, c.op, c.value, path);
}

/**
 * Compiles a condition once into a closure: no eval, no generated code. Throws CONFIG_INVALID
 * for a malformed leaf (a bad or too-long pattern, a missing value), naming where it is.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  return compileAt(condition, '');
}
