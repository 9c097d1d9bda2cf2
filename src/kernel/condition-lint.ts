import { leafProblem, NEGATION, type PositiveOp } from './condition-leaf.js';
import type { Condition, ConditionLeaf, ConditionOp, ConditionScalar } from './condition-types.js';
import { formatValue } from './condition-values.js';

/** A rule as the lint sees it: its name and its condition, in priority order. */
export interface RuleToLint {
  readonly name: string;
  readonly when: Condition;
}

/** A rule that can never fire under first-match, and the earlier rule(s) that catch all it catches. */
export interface ShadowedRule {
  rule: string;
  /** The earlier rule that catches everything this one catches; several are joined by ', '. */
  shadowedBy: string;
  /** Every earlier rule needed to cover it (one, unless only their union covers it). */
  by: readonly string[];
  reason: string;
}

/**
 * What a leaf asks of a present member of its field (the positive form; negations wrap it).
 * eq is `in` with one value; gt/gte/lt/lte/between are intervals.
 */
type Test =
  | { kind: 'in'; values: readonly ConditionScalar[] }
  | { kind: 'range'; lo: number; loIn: boolean; hi: number; hiIn: boolean }
  | { kind: 'text'; how: 'contains' | 'starts_with' | 'ends_with'; text: string }
  | { kind: 'matches'; pattern: string }
  | { kind: 'exists' };

/** A literal of a conjunction: a leaf (possibly negated) or an opaque atom (CEL, a negated range…). */
type Lit =
  | {
      kind: 'leaf';
      field: string;
      op: PositiveOp;
      value: ConditionLeaf['value'];
      test: Test;
      negated: boolean;
    }
  | { kind: 'atom'; key: string; text: string; negated: boolean };

type Conj = readonly Lit[];

/** Beyond this many conjunctions a rule is not analysed: no warning rather than a slow validate. */
const MAX_TERMS = 64;

const COMPLEMENT: Partial<Record<PositiveOp, ConditionOp>> = { eq: 'neq', in: 'not_in', exists: 'empty' };

function testOf(op: PositiveOp, value: ConditionLeaf['value']): Test {
  const x = value as number;
  switch (op) {
    case 'eq':
      return { kind: 'in', values: [value as ConditionScalar] };
    case 'in':
      return { kind: 'in', values: value as ConditionScalar[] };
    case 'gt':
      return { kind: 'range', lo: x, loIn: false, hi: Number.POSITIVE_INFINITY, hiIn: false };
    case 'gte':
      return { kind: 'range', lo: x, loIn: true, hi: Number.POSITIVE_INFINITY, hiIn: false };
    case 'lt':
      return { kind: 'range', lo: Number.NEGATIVE_INFINITY, loIn: false, hi: x, hiIn: false };
    case 'lte':
      return { kind: 'range', lo: Number.NEGATIVE_INFINITY, loIn: false, hi: x, hiIn: true };
    case 'between': {
      const [lo, hi] = value as [number, number];
      return { kind: 'range', lo, loIn: true, hi, hiIn: true };
    }
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { kind: 'text', how: op, text: String(value).toLowerCase() };
    case 'matches':
      return { kind: 'matches', pattern: String(value) };
    case 'exists':
      return { kind: 'exists' };
  }
}

function leafLit(leaf: ConditionLeaf, negated: boolean): Lit {
  const broken = typeof leaf.field !== 'string' || leafProblem(leaf.op, leaf.value) !== undefined;
  if (broken) return { kind: 'atom', key: JSON.stringify(leaf), text: JSON.stringify(leaf), negated };
  const isNegation = Object.hasOwn(NEGATION, leaf.op);
  const op = isNegation ? NEGATION[leaf.op as keyof typeof NEGATION] : (leaf.op as PositiveOp);
  return {
    kind: 'leaf',
    field: leaf.field,
    op,
    value: leaf.value,
    test: testOf(op, leaf.value),
    negated: negated !== isNegation,
  };
}

function and(parts: readonly (Conj[] | undefined)[]): Conj[] | undefined {
  let out: Conj[] = [[]];
  for (const p of parts) {
    if (!p) return undefined;
    if (out.length * p.length > MAX_TERMS) return undefined;
    out = out.flatMap((a) => p.map((b) => [...a, ...b]));
  }
  return out;
}

function or(parts: readonly (Conj[] | undefined)[]): Conj[] | undefined {
  const out: Conj[] = [];
  for (const p of parts) {
    if (!p || out.length + p.length > MAX_TERMS) return undefined;
    out.push(...p);
  }
  return out;
}

/** Disjunctive normal form, with `not` pushed down to the literals; undefined when too large. */
function dnf(c: Condition, negated: boolean): Conj[] | undefined {
  if ('all' in c || 'any' in c) {
    const items = 'all' in c ? c.all : c.any;
    const parts = items.map((p) => dnf(p, negated));
    return 'all' in c !== negated ? and(parts) : or(parts);
  }
  if ('not' in c) return dnf(c.not, !negated);
  if ('cel' in c) return [[{ kind: 'atom', key: `cel:${c.cel}`, text: `\`${c.cel}\``, negated }]];
  return [[leafLit(c, negated)]];
}

/** Splits `in [a, b]` into `eq a` or `eq b`, so that a union of earlier rules can cover it. */
function expand(terms: readonly Conj[]): Conj[] {
  const out: Conj[] = [];
  for (const conj of terms) {
    const parts = conj.map((l): Conj[] =>
      l.kind === 'leaf' && !l.negated && l.test.kind === 'in' && l.test.values.length > 1
        ? l.test.values.map((v) => [{ ...l, op: 'eq', value: v, test: { kind: 'in', values: [v] } }])
        : [[l]],
    );
    const split = and(parts);
    if (!split || out.length + split.length > MAX_TERMS) return [...terms];
    out.push(...split);
  }
  return out;
}

const key = (v: ConditionScalar) => (typeof v === 'string' ? `s:${v.toLowerCase()}` : `${typeof v}:${v}`);

function inRange(n: number, r: Extract<Test, { kind: 'range' }>): boolean {
  return (n > r.lo || (n === r.lo && r.loIn)) && (n < r.hi || (n === r.hi && r.hiIn));
}

function textHolds(s: string, t: Extract<Test, { kind: 'text' }>): boolean {
  if (t.how === 'contains') return s.includes(t.text);
  return t.how === 'starts_with' ? s.startsWith(t.text) : s.endsWith(t.text);
}

/**
 * Whether every present member passing `p` also passes `q`. Only member-wise facts are used: on a
 * list field two leaves may be met by different members, so leaves are never combined.
 */
function testImplies(p: Test, q: Test): boolean {
  if (q.kind === 'exists') return true;
  switch (p.kind) {
    case 'in':
      if (q.kind === 'in') {
        const allowed = new Set(q.values.map(key));
        return p.values.every((v) => allowed.has(key(v)));
      }
      if (q.kind === 'range') return p.values.every((v) => typeof v === 'number' && inRange(v, q));
      if (q.kind === 'text')
        return p.values.every((v) => typeof v === 'string' && textHolds(v.toLowerCase(), q));
      return false;
    case 'range':
      return (
        q.kind === 'range' &&
        (q.lo < p.lo || (q.lo === p.lo && (q.loIn || !p.loIn))) &&
        (q.hi > p.hi || (q.hi === p.hi && (q.hiIn || !p.hiIn)))
      );
    case 'text':
      if (q.kind !== 'text') return false;
      if (q.how === 'contains') return p.text.includes(q.text);
      return p.how === q.how && textHolds(p.text, q);
    case 'matches':
      return q.kind === 'matches' && q.pattern === p.pattern;
    case 'exists':
      return false;
  }
}

/** Whether literal p implies literal q for every subject. */
function implies(p: Lit, q: Lit): boolean {
  if (p.kind === 'atom' || q.kind === 'atom') {
    return p.kind === 'atom' && q.kind === 'atom' && p.key === q.key && p.negated === q.negated;
  }
  if (p.field !== q.field || p.negated !== q.negated) return false;
  // not P implies not Q exactly when Q implies P.
  return p.negated ? testImplies(q.test, p.test) : testImplies(p.test, q.test);
}

const conjImplies = (a: Conj, b: Conj) => b.every((q) => a.some((p) => implies(p, q)));

function describe(l: Lit): string {
  if (l.kind === 'atom') return l.negated ? `not ${l.text}` : l.text;
  const text = (op: ConditionOp) =>
    op === 'exists' || op === 'empty' ? `${l.field} ${op}` : `${l.field} ${op} ${formatValue(l.value)}`;
  if (!l.negated) return text(l.op);
  const complement = COMPLEMENT[l.op];
  return complement ? text(complement) : `not (${text(l.op)})`;
}

/** Why conjunction `a` lands in `b`, in a few words. */
function why(a: Conj, b: Conj, earlier: string): string {
  if (b.length === 0) return `'${earlier}' matches everything`;
  const parts = b.map((q) => {
    const p = a.find((l) => implies(l, q)) as Lit;
    const [dp, dq] = [describe(p), describe(q)];
    return dp === dq ? `both require ${dq}` : `${dp} implies ${dq}`;
  });
  return parts.length > 3 ? `${parts.slice(0, 3).join('; ')}; …` : parts.join('; ');
}

interface Cover {
  rule: number;
  piece: Conj;
  by: Conj;
}

function coverBy(piece: Conj, terms: readonly Conj[] | undefined, rule: number): Cover | undefined {
  const by = terms?.find((b) => conjImplies(piece, b));
  return by ? { rule, piece, by } : undefined;
}

/**
 * Finds the rules that can never fire under first-match: everything such a rule matches, an
 * earlier rule (or, failing one, the earlier rules together) already matches. Sound, not
 * complete: it warns only when the implication is certain for every subject, list fields and
 * missing values included (eq/in/neq/not_in subsets, nested numeric ranges, text prefixes,
 * exists, identical CEL or regex, an earlier catch-all `all: []`), and otherwise stays quiet.
 */
export function shadowedRules(rules: readonly RuleToLint[]): ShadowedRule[] {
  const forms = rules.map((r) => dnf(r.when, false));
  const found: ShadowedRule[] = [];
  rules.forEach((rule, j) => {
    // An earlier catch-all shadows any rule, however large its condition.
    const catchAll = forms.slice(0, j).findIndex((f) => f?.some((conj) => conj.length === 0));
    if (catchAll >= 0) {
      const name = (rules[catchAll] as RuleToLint).name;
      const reason = `rule '${rule.name}' can never fire: everything it matches is matched first by rule '${name}' (${why([], [], name)})`;
      found.push({ rule: rule.name, shadowedBy: name, by: [name], reason });
      return;
    }
    const own = forms[j];
    if (!own || own.length === 0) return;
    const pieces = expand(own);
    for (let i = 0; i < j; i++) {
      const covers = pieces.map((piece) => coverBy(piece, forms[i], i));
      if (covers.every((c) => c !== undefined)) {
        const name = (rules[i] as RuleToLint).name;
        const first = covers[0] as Cover;
        const reason = `rule '${rule.name}' can never fire: everything it matches is matched first by rule '${name}' (${why(first.piece, first.by, name)})`;
        found.push({ rule: rule.name, shadowedBy: name, by: [name], reason });
        return;
      }
    }
    const covers: Cover[] = [];
    for (const piece of pieces) {
      let cover: Cover | undefined;
      for (let i = 0; i < j && !cover; i++) cover = coverBy(piece, forms[i], i);
      if (!cover) return;
      covers.push(cover);
    }
    const by = [...new Set(covers.map((c) => c.rule))]
      .sort((a, b) => a - b)
      .map((i) => (rules[i] as RuleToLint).name);
    const detail = covers
      .slice(0, 3)
      .map(
        (c) =>
          `${c.piece.map(describe).join(' and ') || 'everything'}: '${(rules[c.rule] as RuleToLint).name}'`,
      )
      .join('; ');
    const reason = `rule '${rule.name}' can never fire: everything it matches is matched first by rules ${by.map((n) => `'${n}'`).join(', ')} together (${detail}${covers.length > 3 ? '; …' : ''})`;
    found.push({ rule: rule.name, shadowedBy: by.join(', '), by, reason });
  });
  return found;
}
