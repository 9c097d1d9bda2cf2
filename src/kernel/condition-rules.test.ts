import { describe, expect, it } from 'vitest';
import { type Condition, type ConditionLeaf, compileCondition, compileRules } from './conditions.js';
import { seededRandom } from './determinism.js';

const random = seededRandom(7);
const pick = <T>(xs: readonly T[]): T => random.pick(xs);

/** Values as data arrives: case variants, non-ASCII look-alikes, blanks, numbers as text, lists, nothing. */
const TEXTS = [
  'A',
  'a',
  'B',
  'b',
  'EMEA',
  'emea',
  'Emea',
  'NA',
  'na ',
  ' ',
  '',
  'KELVIN',
  '\u212aelvin',
  'ſales',
  'sales',
  'İstanbul',
  'VP of Sales',
  'vp',
  '450',
  'x@agency.GOV',
];
const NUMBERS = [0, 5, 99, 100, 450, 450.5, -1, Number.NaN, Number.POSITIVE_INFINITY];
const value = (): unknown => {
  const r = random.next();
  if (r < 0.45) return pick(TEXTS);
  if (r < 0.65) return pick(NUMBERS);
  if (r < 0.72) return pick([true, false]);
  if (r < 0.82) return [pick(TEXTS), pick(NUMBERS)];
  if (r < 0.86) return [];
  if (r < 0.9) return null;
  if (r < 0.93) return { nested: pick(TEXTS) };
  return undefined;
};
const FIELDS = ['grade', 'region', 'n', 'title', 'tags', 'company.size'];
const subject = () => {
  const s: Record<string, unknown> = {};
  for (const f of ['grade', 'region', 'n', 'title', 'tags']) {
    const v = value();
    if (v !== undefined) s[f] = v;
  }
  s.company = random.next() < 0.8 ? { size: value() } : 'none';
  return s;
};
const leaf = (): ConditionLeaf => {
  const field = pick(FIELDS);
  const op = pick([
    'eq',
    'neq',
    'in',
    'not_in',
    'gt',
    'gte',
    'lt',
    'lte',
    'between',
    'contains',
    'starts_with',
    'ends_with',
    'matches',
    'exists',
    'empty',
  ] as const);
  switch (op) {
    case 'eq':
    case 'neq':
      return {
        field,
        op,
        value: pick<string | number | boolean>([...TEXTS.filter((t) => t.trim() !== ''), 450, 5, true]),
      };
    case 'in':
    case 'not_in':
      return {
        field,
        op,
        value: [pick(['A', 'emea', 'NA', 'İstanbul']), pick<string | number>(['b', 'EMEA', 100, '450'])],
      };
    case 'between':
      return { field, op, value: [pick([0, 5, 100]), pick([100, 450, 1000])] };
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { field, op, value: pick(['a', 'vp', 'SAL', 'elvin', 'k', '.gov', 'İ', 45]) };
    case 'matches':
      return { field, op, value: pick(['^a$', 'sales', '\\.gov$', '^(vp|chief)\\b', 'k.l', '[0-9]+']) };
    case 'exists':
    case 'empty':
      return { field, op };
    default:
      return { field, op, value: pick([0, 5, 100, 450]) };
  }
};
const condition = (depth: number): Condition => {
  const r = random.next();
  if (depth === 0 || r < 0.45) return leaf();
  if (r < 0.55) return { not: condition(depth - 1) };
  const items = Array.from({ length: random.int(4) }, () => condition(depth - 1));
  return r < 0.85 ? { all: items } : items.length > 0 ? { any: items } : { all: [] };
};

describe('the hot path agrees with the reference semantics', () => {
  it('for every operator on every kind of value, many times over (memos on and off)', () => {
    const leaves = Array.from({ length: 300 }, leaf);
    const subjects = Array.from({ length: 200 }, subject);
    const disagreements: unknown[] = [];
    for (const l of leaves) {
      const c = compileCondition(l);
      // More lookups than a memo's trial, so both the remembered and the plain answers are checked.
      for (let pass = 0; pass < 6; pass++)
        for (const s of subjects) if (c.test(s) !== c(s).matched) disagreements.push({ leaf: l, subject: s });
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
  });
});

describe('compileRules', () => {
  it('picks the first rule that matches, as testing every rule in order does', () => {
    for (let round = 0; round < 60; round++) {
      const conditions = Array.from({ length: 1 + random.int(40) }, () =>
        random.next() < 0.6 ? { all: Array.from({ length: 1 + random.int(3) }, leaf) } : condition(2),
      );
      const rules = compileRules(conditions);
      const each = conditions.map((c) => compileCondition(c).test);
      for (let k = 0; k < 150; k++) {
        const s = subject();
        const expected = each.findIndex((t) => t(s));
        if (rules.firstMatch(s) !== expected)
          expect([round, s, rules.firstMatch(s)]).toEqual([round, s, expected]);
      }
    }
  });

  it('indexes shared string fields without changing the answer for lists, numbers, case and missing values', () => {
    const rules = compileRules([
      {
        all: [
          { field: 'grade', op: 'eq', value: 'A' },
          { field: 'n', op: 'gte', value: 100 },
        ],
      },
      {
        all: [
          { field: 'grade', op: 'in', value: ['a', 'B'] },
          { field: 'region', op: 'eq', value: 'EMEA' },
        ],
      },
      {
        all: [
          { field: 'region', op: 'in', value: ['NA', 'emea'] },
          { field: 'grade', op: 'neq', value: 'C' },
        ],
      },
      { all: [{ field: 'grade', op: 'eq', value: '450' }] },
      { all: [] },
    ]);
    expect(rules.firstMatch({ grade: 'a', n: 100 })).toBe(0);
    expect(rules.firstMatch({ grade: 'A', n: 5, region: 'Emea' })).toBe(1);
    expect(rules.firstMatch({ grade: 'b', region: 'na' })).toBe(2);
    expect(rules.firstMatch({ grade: ['C', 'A'], n: 450 })).toBe(0);
    expect(rules.firstMatch({ grade: 450 })).toBe(3);
    expect(rules.firstMatch({ grade: '  ', region: 'NA' })).toBe(2);
    expect(rules.firstMatch({ region: 'EMEA' })).toBe(2);
    expect(rules.firstMatch({ grade: 'C', region: 'EMEA' })).toBe(4);
    expect(rules.firstMatch(null)).toBe(4);
    expect(rules.firstMatch('text')).toBe(4);
    expect(rules.conditions[1]?.({ grade: 'B', region: 'APAC' })).toEqual({
      matched: false,
      reason: "region is 'APAC' (expected 'EMEA')",
    });
  });

  it('reads many fields, nested paths and CEL rules, past 32 rules', () => {
    const fields = Array.from({ length: 19 }, (_, i) => `f${i}`);
    const conditions: Condition[] = [
      ...fields.map(
        (f, i): Condition => ({
          all: [
            { field: f, op: 'eq', value: 'x' },
            { field: fields[(i + 1) % 19] as string, op: 'eq', value: 'y' },
          ],
        }),
      ),
      ...fields.map((f): Condition => ({ field: `nested.${f}`, op: 'in', value: ['x', 'z'] })),
      { cel: "lead.f3 == 'q'" },
      { all: [] },
    ];
    const rules = compileRules(conditions, { celVariables: { lead: '' } });
    expect(rules.firstMatch({ f4: 'X', f5: 'Y' })).toBe(4);
    expect(rules.firstMatch({ f18: 'x', f0: 'y' })).toBe(18);
    expect(rules.firstMatch({ nested: { f7: 'Z' } })).toBe(26);
    expect(rules.firstMatch({ f3: 'q' })).toBe(38);
    expect(rules.firstMatch({ f3: 'Q' })).toBe(39);
  });
});
