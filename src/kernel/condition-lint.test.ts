import { describe, expect, it } from 'vitest';
import {
  type Condition,
  type ConditionLeaf,
  compileCondition,
  type RuleToLint,
  shadowedRules,
} from './conditions.js';
import { seededRandom } from './determinism.js';

/** Rule r1, r2, … in order. */
const rules = (...whens: Condition[]): RuleToLint[] => whens.map((when, i) => ({ name: `r${i + 1}`, when }));
/** `[rule, shadowedBy]` for every warning. */
const pairs = (...whens: Condition[]) => shadowedRules(rules(...whens)).map((s) => [s.rule, s.shadowedBy]);

describe('shadowedRules: rules that can never fire', () => {
  it('an eq inside an earlier in, ignoring case, with the reason in plain words', () => {
    const found = shadowedRules(
      rules(
        { field: 'grade', op: 'in', value: ['A', 'B'] },
        {
          all: [
            { field: 'grade', op: 'eq', value: 'a' },
            { field: 'region', op: 'eq', value: 'NA' },
          ],
        },
      ),
    );
    expect(found).toEqual([
      {
        rule: 'r2',
        shadowedBy: 'r1',
        by: ['r1'],
        reason:
          "rule 'r2' can never fire: everything it matches is matched first by rule 'r1' (grade eq 'a' implies grade in ['A', 'B'])",
      },
    ]);
  });

  it('numeric ranges inside earlier ranges, open and closed ends respected', () => {
    expect(
      pairs(
        { field: 'employees', op: 'gte', value: 100 },
        { field: 'employees', op: 'between', value: [200, 500] },
      ),
    ).toEqual([['r2', 'r1']]);
    expect(
      pairs({ field: 'employees', op: 'gte', value: 100 }, { field: 'employees', op: 'gt', value: 100 }),
    ).toEqual([['r2', 'r1']]);
    expect(
      pairs({ field: 'employees', op: 'gt', value: 100 }, { field: 'employees', op: 'gte', value: 100 }),
    ).toEqual([]);
    expect(
      pairs({ field: 'score', op: 'lt', value: 50 }, { field: 'score', op: 'between', value: [0, 50] }),
    ).toEqual([]);
    expect(
      pairs({ field: 'score', op: 'lte', value: 50 }, { field: 'score', op: 'between', value: [0, 50] }),
    ).toEqual([['r2', 'r1']]);
    expect(
      pairs(
        { field: 'score', op: 'between', value: [0, 100] },
        { field: 'score', op: 'in', value: [0, 55, 100] },
      ),
    ).toEqual([['r2', 'r1']]);
  });

  it('an always-true earlier rule (all: []) shadows everything after it', () => {
    const found = shadowedRules(
      rules(
        { field: 'a', op: 'exists' },
        { all: [] },
        { cel: 'lead.x > 1' },
        { any: [{ field: 'b', op: 'eq', value: 1 }] },
      ),
    );
    expect(found.map((s) => [s.rule, s.shadowedBy])).toEqual([
      ['r3', 'r2'],
      ['r4', 'r2'],
    ]);
    expect(found[0]?.reason).toMatch(/\('r2' matches everything\)$/);
  });

  it('exists is implied by any positive test of the same field; empty implies neq and not_in', () => {
    expect(
      pairs({ field: 'email', op: 'exists' }, { field: 'email', op: 'ends_with', value: '.edu' }),
    ).toEqual([['r2', 'r1']]);
    expect(
      pairs({ field: 'country', op: 'not_in', value: ['US'] }, { field: 'country', op: 'empty' }),
    ).toEqual([['r2', 'r1']]);
    expect(
      pairs(
        { field: 'country', op: 'neq', value: 'US' },
        { field: 'country', op: 'not_in', value: ['us', 'CA'] },
      ),
    ).toEqual([['r2', 'r1']]);
  });

  it('text tests: a longer prefix implies a shorter one and containment', () => {
    expect(
      pairs(
        { field: 'title', op: 'contains', value: 'vp' },
        { field: 'title', op: 'starts_with', value: 'VP of' },
      ),
    ).toEqual([['r2', 'r1']]);
    expect(
      pairs(
        { field: 'email', op: 'ends_with', value: '.edu' },
        { field: 'email', op: 'in', value: ['a@mit.edu', 'b@cmu.EDU'] },
      ),
    ).toEqual([['r2', 'r1']]);
  });

  it('nested any/all/not: every case of the later rule falls in the earlier one', () => {
    const earlier: Condition = {
      any: [
        { field: 'grade', op: 'eq', value: 'A' },
        { field: 'employees', op: 'gte', value: 1000 },
      ],
    };
    const later: Condition = {
      any: [
        {
          all: [
            { field: 'employees', op: 'gte', value: 5000 },
            { field: 'country', op: 'eq', value: 'US' },
          ],
        },
        {
          all: [
            { field: 'grade', op: 'in', value: ['A'] },
            { not: { field: 'customer', op: 'eq', value: true } },
          ],
        },
      ],
    };
    expect(pairs(earlier, later)).toEqual([['r2', 'r1']]);
    // not pushed through all: not(all[x, y]) is any[not x, not y].
    expect(
      pairs(
        { field: 'industry', op: 'neq', value: 'Education' },
        {
          not: {
            any: [
              { field: 'industry', op: 'eq', value: 'education' },
              { field: 'grade', op: 'eq', value: 'D' },
            ],
          },
        },
      ),
    ).toEqual([['r2', 'r1']]);
  });

  it('the union of earlier rules covers a later one', () => {
    const found = shadowedRules(
      rules(
        { field: 'region', op: 'eq', value: 'NA' },
        { field: 'region', op: 'eq', value: 'EMEA' },
        {
          all: [
            { field: 'region', op: 'in', value: ['na', 'emea'] },
            { field: 'grade', op: 'eq', value: 'A' },
          ],
        },
      ),
    );
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'r3',
        shadowedBy: 'r1, r2',
        by: ['r1', 'r2'],
        reason: expect.stringContaining("rules 'r1', 'r2' together"),
      }),
    ]);
  });

  it('identical CEL expressions and identical patterns', () => {
    expect(
      pairs({ cel: 'lead.x > 1' }, { all: [{ cel: 'lead.x > 1' }, { field: 'y', op: 'exists' }] }),
    ).toEqual([['r2', 'r1']]);
    expect(pairs({ cel: 'lead.x > 1' }, { cel: 'lead.x > 2' })).toEqual([]);
    expect(
      pairs(
        { field: 'e', op: 'matches', value: '@gmail\\.' },
        { all: [{ field: 'e', op: 'matches', value: '@gmail\\.' }] },
      ),
    ).toEqual([['r2', 'r1']]);
  });
});

describe('shadowedRules: no false positives', () => {
  it('never combines two leaves on one field: on a list field different members can meet them', () => {
    // [100, 10]: at least 50 (100) and at most 60 (10), yet no member lies between 50 and 60.
    const both: Condition = {
      all: [
        { field: 'score', op: 'gte', value: 50 },
        { field: 'score', op: 'lte', value: 60 },
      ],
    };
    const between: Condition = { field: 'score', op: 'between', value: [50, 60] };
    expect(pairs(between, both)).toEqual([]);
    expect(compileCondition(both).test({ score: [100, 10] })).toBe(true);
    expect(compileCondition(between).test({ score: [100, 10] })).toBe(false);
    // The other way round is certain: one member in [50, 60] meets both.
    expect(pairs(both, between)).toEqual([['r2', 'r1']]);
  });

  it('eq does not imply neq of another value: a list can hold both', () => {
    expect(
      pairs({ field: 'tags', op: 'neq', value: 'partner' }, { field: 'tags', op: 'eq', value: 'customer' }),
    ).toEqual([]);
    expect(
      compileCondition({ field: 'tags', op: 'neq', value: 'partner' }).test({
        tags: ['customer', 'partner'],
      }),
    ).toBe(false);
    expect(
      pairs(
        { field: 'region', op: 'not_in', value: ['NA'] },
        { field: 'region', op: 'in', value: ['EMEA', 'APAC'] },
      ),
    ).toEqual([]);
  });

  it('a missing value matches neq, so neq does not imply a positive test', () => {
    expect(pairs({ field: 'country', op: 'exists' }, { field: 'country', op: 'neq', value: 'US' })).toEqual(
      [],
    );
    expect(pairs({ field: 'country', op: 'empty' }, { field: 'country', op: 'neq', value: 'US' })).toEqual(
      [],
    );
    expect(pairs({ field: 'x', op: 'lte', value: 10 }, { not: { field: 'x', op: 'gt', value: 10 } })).toEqual(
      [],
    );
  });

  it('stays quiet on different fields, partial overlap, partial unions and unrelated tests', () => {
    expect(
      pairs({ field: 'grade', op: 'eq', value: 'A' }, { field: 'rating', op: 'eq', value: 'A' }),
    ).toEqual([]);
    expect(
      pairs({ field: 'grade', op: 'in', value: ['A', 'B'] }, { field: 'grade', op: 'in', value: ['B', 'C'] }),
    ).toEqual([]);
    expect(
      pairs(
        { field: 'region', op: 'eq', value: 'NA' },
        { field: 'region', op: 'eq', value: 'EMEA' },
        { field: 'region', op: 'in', value: ['NA', 'APAC'] },
      ),
    ).toEqual([]);
    expect(
      pairs({ field: 'title', op: 'contains', value: 'vp' }, { field: 'title', op: 'matches', value: '^vp' }),
    ).toEqual([]);
    expect(
      pairs(
        { field: 'title', op: 'starts_with', value: 'vp' },
        { field: 'title', op: 'contains', value: 'vp' },
      ),
    ).toEqual([]);
    expect(pairs({ field: 'n', op: 'eq', value: 5 }, { field: 'n', op: 'eq', value: '5' })).toEqual([]);
    expect(
      pairs(
        {
          all: [
            { field: 'a', op: 'exists' },
            { field: 'b', op: 'exists' },
          ],
        },
        { field: 'a', op: 'exists' },
      ),
    ).toEqual([]);
  });

  it('an empty any (never true) neither shadows nor is reported', () => {
    expect(pairs({ any: [] } as unknown as Condition, { field: 'a', op: 'exists' })).toEqual([]);
    expect(pairs({ field: 'a', op: 'exists' }, { any: [] } as unknown as Condition)).toEqual([]);
  });

  it('gives up quietly on conditions too large to analyse', () => {
    const wide = (n: number): Condition => ({
      all: Array.from({ length: n }, (_, i) => ({
        any: [
          { field: `f${i}`, op: 'eq', value: 1 },
          { field: `g${i}`, op: 'eq', value: 1 },
        ],
      })),
    });
    expect(pairs(wide(10), wide(10))).toEqual([]);
    // …except after a catch-all, which shadows any rule however large.
    expect(pairs({ all: [] }, wide(10))).toEqual([['r2', 'r1']]);
  });
});

describe('shadowedRules: soundness on random rules', () => {
  it('every warning holds on every subject: what the rule matches, an earlier rule it names matches', () => {
    const random = seededRandom(20260501);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random.next() * xs.length)] as T;
    const words = ['a', 'ab', 'abc', 'B', 'bc'];
    const numbers = [0, 5, 10, 15];
    const leaf = (): ConditionLeaf => {
      const field = pick(['s', 'n']);
      if (field === 's') {
        const op = pick([
          'eq',
          'neq',
          'in',
          'not_in',
          'contains',
          'starts_with',
          'ends_with',
          'exists',
          'empty',
        ] as const);
        if (op === 'exists' || op === 'empty') return { field, op };
        if (op === 'in' || op === 'not_in') return { field, op, value: [pick(words), pick(words)] };
        return { field, op, value: pick(words) };
      }
      const op = pick(['eq', 'gt', 'gte', 'lt', 'lte', 'between', 'in', 'exists'] as const);
      if (op === 'exists') return { field, op };
      if (op === 'between') {
        const [a, b] = [pick(numbers), pick(numbers)].sort((x, y) => x - y) as [number, number];
        return { field, op, value: [a, b] };
      }
      if (op === 'in') return { field, op, value: [pick(numbers), pick(numbers)] };
      return { field, op, value: pick(numbers) };
    };
    const condition = (depth: number): Condition => {
      const r = random.next();
      if (depth === 0 || r < 0.5) return leaf();
      if (r < 0.65) return { not: condition(depth - 1) };
      const items = Array.from({ length: 1 + Math.floor(random.next() * 3) }, () => condition(depth - 1));
      return r < 0.85 ? { all: items } : { any: items };
    };
    const value = (pool: readonly unknown[]) => {
      const r = random.next();
      if (r < 0.15) return undefined;
      if (r < 0.4) return [pick(pool), pick(pool)];
      return pick(pool);
    };
    const subjects = Array.from({ length: 400 }, () => ({
      s: value([...words, 'xabcx', 'ABC', '']),
      n: value([...numbers, 3, 7, 12, 20, '10']),
    }));
    let warnings = 0;
    for (let round = 0; round < 300; round++) {
      const set = rules(...Array.from({ length: 4 }, () => condition(2)));
      const tests = new Map(set.map((r) => [r.name, compileCondition(r.when).test]));
      for (const s of shadowedRules(set)) {
        warnings++;
        const rule = tests.get(s.rule) as (x: unknown) => boolean;
        const by = s.by.map((n) => tests.get(n) as (x: unknown) => boolean);
        for (const subject of subjects) {
          if (rule(subject))
            expect([s.reason, subject, by.some((t) => t(subject))]).toEqual([s.reason, subject, true]);
        }
      }
    }
    // The generator must produce real warnings, or this test proves nothing.
    expect(warnings).toBeGreaterThan(30);
  });
});
