import type { CompiledPattern } from './condition-pattern.js';
import type { ConditionScalar } from './condition-types.js';
import { isAscii, isBlank } from './condition-values.js';

/** How the hot path tests a leaf: the common value type inline, anything else the reference way. */
type Kind = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
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
/** matches: the compiled pattern, called directly. */
const MATCHES = 9;

/**
 * A leaf compiled for the hot path. Every program has the same fields in the same order, so one
 * interpreter (`testLeaf`) reads them with monomorphic property access; `slow` is the reference
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
  /** A `matches` leaf's prefilter (a RegExp that never backtracks, or null) and RE2 pattern. */
  readonly prefilter: RegExp | null;
  readonly re: { test(text: string): boolean };
  /** Recent answers of a text or pattern test (see `remembered`); null for other kinds. */
  readonly memo: Memo | null;
}

/** A direct-mapped cache of a text test's answers, kept only while it pays. */
interface Memo {
  values: string[];
  answers: boolean[];
  /** Lookups so far, and how many found their answer, until the trial ends. */
  tries: number;
  hits: number;
  on: boolean;
}

const EMPTY = new Set<unknown>();
const NEVER = { test: (_text: string) => false };

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
  /** The compiled pattern of a `matches` leaf. */
  pattern?: CompiledPattern | undefined;
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
    prefilter: spec.pattern?.prefilter ?? null,
    re: spec.pattern?.re ?? NEVER,
    memo: kind >= CONTAINS ? newMemo() : null,
  };
}

const INF = Number.POSITIVE_INFINITY;
const MEMO_SLOTS = 64;
/** Lookups a memo is tried for before it is kept (answers found at least half the time) or dropped. */
const MEMO_TRIAL = 1024;

function newMemo(): Memo {
  // Empty slots hold '', whose answer is false: a blank value is missing and matches nothing.
  return {
    values: new Array<string>(MEMO_SLOTS).fill(''),
    answers: new Array<boolean>(MEMO_SLOTS).fill(false),
    tries: 0,
    hits: 0,
    on: true,
  };
}

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
  if (values.length > 0 && values.every((v) => typeof v === 'string' && isAscii(v) && !isBlank(v)))
    return program(spec, TEXT, {
      exact: new Set(values),
      folded: values.map((v) => String(v).toLowerCase()),
    });
  if (op === 'eq' && typeof value === 'number') return program(spec, NUMBER, { scalar: value });
  if (op === 'eq' && typeof value === 'boolean') return program(spec, BOOLEAN, { scalar: value });
  if (op === 'exists') return program(spec, EXISTS);
  const text = TEXT_KINDS[op];
  if (text !== undefined) return program(spec, text, { text: String(value).toLowerCase() });
  if (op === 'matches' && spec.pattern) return program(spec, MATCHES);
  return program(spec, GENERIC);
}

/**
 * The values a leaf requires its field to equal (one of, ignoring case), when it is a plain
 * `eq`/`in` of ASCII strings: what a rule set can index on.
 */
export function requiredText(
  p: LeafProgram,
): { exact: ReadonlySet<unknown>; folded: readonly string[] } | undefined {
  return p.kind === TEXT && !p.negated ? { exact: p.exact, folded: p.folded } : undefined;
}

/**
 * `v.toLowerCase().includes(t)` for a lower-case ASCII `t`, without allocating when `v` is ASCII
 * (lower-casing then only maps A-Z to a-z); any other `v` takes the plain route.
 */
function containsFolded(v: string, t: string): boolean {
  const n = v.length;
  const m = t.length;
  const first = t.charCodeAt(0);
  for (let i = 0; i + m <= n; i++) {
    let a = v.charCodeAt(i);
    if (a > 127) return v.toLowerCase().includes(t);
    if (a >= 65 && a <= 90) a += 32;
    if (a !== first) continue;
    let j = 1;
    for (; j < m; j++) {
      let b = v.charCodeAt(i + j);
      if (b > 127) return v.toLowerCase().includes(t);
      if (b >= 65 && b <= 90) b += 32;
      if (b !== t.charCodeAt(j)) break;
    }
    if (j === m) return true;
  }
  // No match among the ASCII characters seen; the tail past the last start was not checked for
  // non-ASCII characters, which could lower-case into the target.
  for (let i = Math.max(0, n - m + 1); i < n; i++)
    if (v.charCodeAt(i) > 127) return v.toLowerCase().includes(t);
  return false;
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

/** A text or pattern test of a string, as the reference semantics give it. */
function textAnswer(p: LeafProgram, v: string): boolean {
  switch (p.kind) {
    case CONTAINS:
      return containsFolded(v, p.text) && !isBlank(v);
    case STARTS_WITH:
      return v.toLowerCase().startsWith(p.text) && !isBlank(v);
    case ENDS_WITH:
      return v.toLowerCase().endsWith(p.text) && !isBlank(v);
    default:
      return matches(p, v);
  }
}

/** A `matches` leaf on a string: the prefilter, then RE2 (see compilePattern). */
function matches(p: LeafProgram, v: string): boolean {
  const prefilter = p.prefilter;
  return (prefilter === null || prefilter.test(v)) && p.re.test(v) && !isBlank(v);
}

/**
 * A text or pattern answer, remembered. Values of a field often repeat (titles, industries,
 * domains), and a slot keyed by a cheap hash of the value (length, first and last character)
 * costs less than lower-casing or a regex run. The memo is tried on the first lookups and kept
 * only if it finds the answer at least half the time: a field of unique values (emails) drops
 * it. The answer is the same either way.
 */
function remembered(p: LeafProgram, m: Memo, v: string): boolean {
  const slot = (v.length * 31 + v.charCodeAt(0) * 7 + v.charCodeAt(v.length - 1)) & (MEMO_SLOTS - 1);
  const found = m.values[slot] === v;
  if (m.tries < MEMO_TRIAL) {
    m.tries++;
    if (found) m.hits++;
    if (m.tries === MEMO_TRIAL) m.on = m.hits * 2 >= MEMO_TRIAL;
  }
  if (found) return m.answers[slot] as boolean;
  const answer = textAnswer(p, v);
  m.values[slot] = v;
  m.answers[slot] = answer;
  return answer;
}

/**
 * Tests a field value against a leaf program: one interpreter for every leaf, so it stays
 * monomorphic and cheap to call, unlike a closure per leaf. It agrees with the reference test on
 * every value: strings and numbers are tested inline, the rest (a list, a missing value, a
 * number against text) go to `slow`. A blank string never equals a non-blank target, so the
 * inline text tests need no blank check except where the target could be met by blanks.
 */
export function testLeaf(p: LeafProgram, v: unknown): boolean {
  switch (p.kind) {
    case TEXT:
      if (typeof v === 'string') return inText(p, v) !== p.negated;
      break;
    case RANGE:
      // NaN and the infinities fail these comparisons, as the reference refuses them.
      if (typeof v === 'number')
        return (v > p.lo || (p.loIn && v === p.lo)) && (v < p.hi || (p.hiIn && v === p.hi));
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
    case MATCHES:
      if (typeof v === 'string')
        return (p.memo as Memo).on ? remembered(p, p.memo as Memo, v) : matches(p, v);
      break;
    case CONTAINS:
    case STARTS_WITH:
    case ENDS_WITH:
      if (typeof v === 'string')
        return (p.memo as Memo).on ? remembered(p, p.memo as Memo, v) : textAnswer(p, v);
      break;
  }
  return p.slow(v);
}

/** Reads the leaf's field from the subject and tests it. */
export function runLeaf(p: LeafProgram, s: unknown): boolean {
  return testLeaf(p, p.read(s));
}
