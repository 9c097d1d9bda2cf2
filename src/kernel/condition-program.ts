import type { ConditionScalar } from './condition-types.js';
import { isBlank } from './condition-values.js';

/** How the hot path tests a leaf: the common value type inline, anything else the reference way. */
type Kind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;
/** Any value: the reference semantics. */
const GENERIC = 0;
/** eq/in of plain ASCII strings. */
const TEXT = 1;
/** gt/gte/lt/lte/between. */
const RANGE = 2;
/** eq of a number. */
const NUMBER = 3;
/** eq of a boolean. */
const BOOLEAN = 4;
/** exists/empty. */
const EXISTS = 5;
const CONTAINS = 6;
const STARTS_WITH = 7;
const ENDS_WITH = 8;

/**
 * A leaf compiled for the hot path. Every program has the same fields in the same order, so one
 * interpreter (`runLeaf`) reads them with monomorphic property access; `slow` is the reference
 * test (what `explain` uses), taken for every value the program does not handle inline.
 */
export interface LeafProgram {
  readonly kind: Kind;
  /** The dotted path the leaf reads. */
  readonly field: string;
  readonly read: (subject: unknown) => unknown;
  readonly slow: (value: unknown) => boolean;
  readonly negated: boolean;
  readonly exact: ReadonlySet<unknown>;
  readonly folded: readonly string[];
  readonly text: string;
  readonly scalar: unknown;
  readonly lo: number;
  readonly loIn: boolean;
  readonly hi: number;
  readonly hiIn: boolean;
}

const ASCII = /^[\x00-\x7f]*$/;
const EMPTY = new Set<unknown>();

/**
 * Whether `m` equals the lower-case ASCII `xl` without regard to case, for `m` of the same
 * length: compares character codes, and lower-cases only when `m` has a non-ASCII character
 * (the Kelvin sign lower-cases to k).
 */
export function foldEquals(m: string, xl: string): boolean {
  for (let i = 0; i < m.length; i++) {
    const a = m.charCodeAt(i);
    const b = xl.charCodeAt(i);
    if (a === b || (a >= 65 && a <= 90 && a + 32 === b)) continue;
    return a > 127 && m.toLowerCase() === xl;
  }
  return true;
}

/** What the hot path needs of a leaf: its positive operator, value, reader, reference test and negation. */
interface LeafSpec {
  op: string;
  field: string;
  value: ConditionScalar | ConditionScalar[] | undefined;
  read: (subject: unknown) => unknown;
  slow: (value: unknown) => boolean;
  negated: boolean;
}

function program(spec: LeafSpec, kind: Kind, fields: Partial<LeafProgram> = {}): LeafProgram {
  return {
    kind,
    field: spec.field,
    read: spec.read,
    slow: spec.slow,
    negated: spec.negated,
    exact: fields.exact ?? EMPTY,
    folded: fields.folded ?? [],
    text: fields.text ?? '',
    scalar: fields.scalar,
    lo: fields.lo ?? 0,
    loIn: fields.loIn ?? false,
    hi: fields.hi ?? 0,
    hiIn: fields.hiIn ?? false,
  };
}

const INF = Number.POSITIVE_INFINITY;
const TEXT_KINDS: Record<string, Kind> = {
  contains: CONTAINS,
  starts_with: STARTS_WITH,
  ends_with: ENDS_WITH,
};

/** Compiles a leaf for the hot path. */
export function leafProgram(spec: LeafSpec): LeafProgram {
  const { op, value } = spec;
  const x = value as number;
  if (op === 'gt' || op === 'gte') return program(spec, RANGE, { lo: x, loIn: op === 'gte', hi: INF });
  if (op === 'lt' || op === 'lte') return program(spec, RANGE, { lo: -INF, hi: x, hiIn: op === 'lte' });
  if (op === 'between') {
    const [lo, hi] = value as [number, number];
    return program(spec, RANGE, { lo, loIn: true, hi, hiIn: true });
  }
  const values = op === 'eq' ? [value] : op === 'in' ? (value as ConditionScalar[]) : [];
  if (values.length > 0 && values.every((v) => typeof v === 'string' && ASCII.test(v) && !isBlank(v)))
    return program(spec, TEXT, {
      exact: new Set(values),
      folded: values.map((v) => String(v).toLowerCase()),
    });
  if (op === 'eq' && typeof value === 'number') return program(spec, NUMBER, { scalar: value });
  if (op === 'eq' && typeof value === 'boolean') return program(spec, BOOLEAN, { scalar: value });
  if (op === 'exists') return program(spec, EXISTS);
  const text = TEXT_KINDS[op];
  if (text !== undefined) return program(spec, text, { text: String(value).toLowerCase() });
  return program(spec, GENERIC);
}

/**
 * The values a leaf requires its field to equal (one of, ignoring case), when it is a plain
 * `eq`/`in` of ASCII strings: what a rule set can index on.
 */
export function requiredText(p: LeafProgram): { exact: ReadonlySet<unknown>; folded: readonly string[] } | undefined {
  return p.kind === TEXT && !p.negated ? { exact: p.exact, folded: p.folded } : undefined;
}

function inText(p: LeafProgram, v: string): boolean {
  if (p.exact.has(v)) return true;
  const folded = p.folded;
  for (let i = 0; i < folded.length; i++) {
    const f = folded[i] as string;
    if (f.length === v.length && foldEquals(v, f)) return true;
  }
  return false;
}

/**
 * Runs a leaf program: one interpreter for every leaf, so it stays monomorphic and cheap to call,
 * unlike a closure per leaf. It agrees with the reference test on every value: strings and
 * numbers are tested inline, the rest (a list, a missing value, a number against text) go to
 * `slow`. A blank string never equals a non-blank target, so the inline text tests need no
 * blank check except where the target could be met by blanks.
 */
export function runLeaf(p: LeafProgram, s: unknown): boolean {
  const v = p.read(s);
  switch (p.kind) {
    case TEXT:
      if (typeof v === 'string') return inText(p, v) !== p.negated;
      break;
    case RANGE:
      // NaN and the infinities fail these comparisons, as the reference refuses them.
      if (typeof v === 'number') return (v > p.lo || (p.loIn && v === p.lo)) && (v < p.hi || (p.hiIn && v === p.hi));
      break;
    case NUMBER:
      if (typeof v === 'number') return (v === p.scalar) !== p.negated;
      break;
    case BOOLEAN:
      if (typeof v === 'boolean') return (v === p.scalar) !== p.negated;
      break;
    case EXISTS:
      if (typeof v === 'string') return isBlank(v) === p.negated;
      break;
    case CONTAINS:
      if (typeof v === 'string') return v.toLowerCase().includes(p.text) && !isBlank(v);
      break;
    case STARTS_WITH:
      if (typeof v === 'string') return v.toLowerCase().startsWith(p.text) && !isBlank(v);
      break;
    case ENDS_WITH:
      if (typeof v === 'string') return v.toLowerCase().endsWith(p.text) && !isBlank(v);
      break;
  }
  return p.slow(v);
}
