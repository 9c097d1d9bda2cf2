import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CONDITION_OPS,
  type Condition,
  type ConditionOptions,
  ConditionSchema,
  compileCondition,
  conditionSchema,
  getPath,
  isMissing,
} from './conditions.js';
import { RevloopsError } from './errors.js';

const lead = {
  email: 'Ana@Northwind.io',
  title: 'VP of Sales',
  industry: 'Software',
  employees: 450,
  headcount: '120',
  technologies: ['Salesforce', 'Slack'],
  scores: [12, 95],
  blanks: ['', '  ', null],
  company: { name: 'Northwind', employees: 450, address: { country: 'US' } },
  activities: [{ type: 'page_view', detail: '/pricing' }],
  blank: '',
  spaces: ' \u00a0',
  none: null,
  active: true,
};

/** Asks both ways and insists they agree: the fast test and the explained answer. */
function check(c: Condition, subject: unknown = lead, options = {}) {
  const compiled = compileCondition(c, options);
  const explained = compiled(subject);
  expect(compiled.test(subject)).toBe(explained.matched);
  return explained;
}
const matches = (c: Condition, subject: unknown = lead) => check(c, subject).matched;

describe('getPath', () => {
  it('reads nested objects and list positions', () => {
    expect(getPath(lead, 'company.employees')).toBe(450);
    expect(getPath(lead, 'company.address.country')).toBe('US');
    expect(getPath(lead, 'activities.0.detail')).toBe('/pricing');
  });

  it('returns undefined for missing paths and never walks the prototype', () => {
    expect(getPath(lead, 'company.revenue')).toBeUndefined();
    expect(getPath(lead, 'email.length')).toBeUndefined();
    expect(getPath(lead, 'constructor')).toBeUndefined();
    expect(getPath(lead, '__proto__.toString')).toBeUndefined();
    expect(getPath(null, 'a')).toBeUndefined();
    expect(matches({ field: 'constructor', op: 'exists' })).toBe(false);
    expect(matches({ field: 'company.constructor', op: 'exists' })).toBe(false);
    expect(matches({ field: 'a.b.toString', op: 'exists' }, { a: { b: {} } })).toBe(false);
  });

  it('treats null, blank strings and empty lists as missing', () => {
    expect([undefined, null, '', '  ', ' \u00a0\t', []].every(isMissing)).toBe(true);
    expect([0, false, 'x', ' x', [1]].some(isMissing)).toBe(false);
  });
});

describe('compileCondition: each operator', () => {
  it('explains in plain words', () => {
    expect(check({ field: 'industry', op: 'in', value: ['software', 'fintech'] })).toEqual({
      matched: true,
      reason: "industry is 'Software' (expected one of software, fintech)",
    });
    expect(check({ field: 'headcount', op: 'between', value: [100, 199] })).toEqual({
      matched: true,
      reason: "headcount is '120' (expected between 100 and 199)",
    });
    expect(check({ field: 'country', op: 'exists' })).toEqual({
      matched: false,
      reason: 'country has no value (expected a value)',
    });
  });

  it('eq and neq compare strings without regard to case, numbers by value, booleans exactly', () => {
    expect(matches({ field: 'industry', op: 'eq', value: 'SOFTWARE' })).toBe(true);
    expect(matches({ field: 'industry', op: 'eq', value: 'Soft' })).toBe(false);
    expect(matches({ field: 'industry', op: 'neq', value: 'software' })).toBe(false);
    expect(matches({ field: 'industry', op: 'neq', value: 'fintech' })).toBe(true);
    expect(matches({ field: 'employees', op: 'eq', value: 450 })).toBe(true);
    expect(matches({ field: 'headcount', op: 'eq', value: 120 })).toBe(true);
    expect(matches({ field: 'employees', op: 'eq', value: '450' })).toBe(true);
    expect(matches({ field: 'active', op: 'eq', value: true })).toBe(true);
    expect(matches({ field: 'active', op: 'eq', value: false })).toBe(false);
    expect(matches({ field: 'flag', op: 'eq', value: true }, { flag: 'TRUE' })).toBe(true);
    // Unicode: lower-casing can lengthen a string; the fast length check must not break equality.
    expect(matches({ field: 'city', op: 'eq', value: 'i̇stanbul' }, { city: 'İstanbul' })).toBe(true);
    expect(matches({ field: 'city', op: 'eq', value: 'ÉCOLE' }, { city: 'école' })).toBe(true);
  });

  it('in and not_in test membership, with mixed value types', () => {
    expect(matches({ field: 'industry', op: 'in', value: ['Fintech', 'SOFTWARE'] })).toBe(true);
    expect(matches({ field: 'industry', op: 'not_in', value: ['Fintech', 'SOFTWARE'] })).toBe(false);
    expect(matches({ field: 'industry', op: 'not_in', value: ['Fintech'] })).toBe(true);
    expect(matches({ field: 'employees', op: 'in', value: [10, 450] })).toBe(true);
    expect(matches({ field: 'headcount', op: 'in', value: [120, 'x'] })).toBe(true);
    expect(matches({ field: 'active', op: 'in', value: ['no', true] })).toBe(true);
    expect(matches({ field: 'employees', op: 'in', value: [451, 'x', false] })).toBe(false);
  });

  it('gt, gte, lt, lte and between compare numbers, including numeric strings, and nothing else', () => {
    expect(matches({ field: 'employees', op: 'gt', value: 449 })).toBe(true);
    expect(matches({ field: 'employees', op: 'gt', value: 450 })).toBe(false);
    expect(matches({ field: 'employees', op: 'gte', value: 450 })).toBe(true);
    expect(matches({ field: 'employees', op: 'lt', value: 450 })).toBe(false);
    expect(matches({ field: 'employees', op: 'lte', value: 450 })).toBe(true);
    expect(matches({ field: 'employees', op: 'between', value: [450, 450] })).toBe(true);
    expect(matches({ field: 'headcount', op: 'lt', value: 121 })).toBe(true);
    expect(matches({ field: 'title', op: 'gt', value: 1 })).toBe(false);
    expect(matches({ field: 'active', op: 'gte', value: 0 })).toBe(false);
    expect(matches({ field: 'n', op: 'gt', value: 1 }, { n: Number.POSITIVE_INFINITY })).toBe(false);
  });

  it('contains, starts_with and ends_with ignore case', () => {
    expect(matches({ field: 'title', op: 'contains', value: 'SALES' })).toBe(true);
    expect(matches({ field: 'title', op: 'starts_with', value: 'vp' })).toBe(true);
    expect(matches({ field: 'title', op: 'starts_with', value: 'sales' })).toBe(false);
    expect(matches({ field: 'email', op: 'ends_with', value: '@northwind.IO' })).toBe(true);
    expect(matches({ field: 'employees', op: 'contains', value: 45 })).toBe(true);
  });

  it('matches runs RE2, unanchored and without regard to case', () => {
    expect(matches({ field: 'title', op: 'matches', value: '^(vp|vice president)\\b' })).toBe(true);
    expect(matches({ field: 'email', op: 'matches', value: '@northwind\\.io$' })).toBe(true);
    expect(matches({ field: 'email', op: 'matches', value: '^northwind' })).toBe(false);
    expect(matches({ field: 'employees', op: 'matches', value: '^4\\d\\d$' })).toBe(true);
  });

  it('exists and empty are exact opposites', () => {
    for (const field of ['email', 'blank', 'spaces', 'none', 'country', 'technologies', 'blanks', 'active']) {
      expect(matches({ field, op: 'exists' })).toBe(!matches({ field, op: 'empty' }));
    }
    expect(matches({ field: 'email', op: 'exists' })).toBe(true);
    expect(matches({ field: 'spaces', op: 'empty' })).toBe(true);
    expect(matches({ field: 'blanks', op: 'empty' })).toBe(true);
  });
});

describe('compileCondition: list fields and missing values', () => {
  it('matches a list when any member matches; neq and not_in when none does', () => {
    expect(matches({ field: 'technologies', op: 'contains', value: 'slack' })).toBe(true);
    expect(matches({ field: 'technologies', op: 'in', value: ['hubspot', 'salesforce'] })).toBe(true);
    expect(matches({ field: 'technologies', op: 'not_in', value: ['hubspot', 'salesforce'] })).toBe(false);
    expect(matches({ field: 'technologies', op: 'not_in', value: ['hubspot'] })).toBe(true);
    expect(matches({ field: 'technologies', op: 'neq', value: 'Slack' })).toBe(false);
    expect(matches({ field: 'technologies', op: 'eq', value: 'slack' })).toBe(true);
    expect(matches({ field: 'scores', op: 'gt', value: 90 })).toBe(true);
    expect(matches({ field: 'scores', op: 'between', value: [20, 90] })).toBe(false);
    expect(matches({ field: 'activities', op: 'exists' })).toBe(true);
    expect(check({ field: 'technologies', op: 'starts_with', value: 'sla' }).reason).toBe(
      "technologies is ['Salesforce', 'Slack'] (expected to start with 'sla')",
    );
  });

  it('a missing value (absent, null, blank, empty list, only blank members) matches only neq, not_in and empty', () => {
    const values: Record<string, Condition['valueOf'] | unknown> = {
      eq: 'x',
      neq: 'x',
      in: ['x'],
      not_in: ['x'],
      gt: 1,
      gte: 1,
      lt: 1,
      lte: 1,
      between: [0, 1],
      contains: 'x',
      starts_with: 'x',
      ends_with: 'x',
      matches: '.*',
      exists: undefined,
      empty: undefined,
    };
    for (const field of ['country', 'none', 'blank', 'spaces', 'blanks']) {
      for (const op of CONDITION_OPS) {
        const c = { field, op, ...(values[op] === undefined ? {} : { value: values[op] }) } as Condition;
        expect([op, matches(c)]).toEqual([op, ['neq', 'not_in', 'empty'].includes(op)]);
      }
    }
    expect(check({ field: 'country', op: 'neq', value: 'US' })).toEqual({
      matched: true,
      reason: "country has no value (expected not 'US')",
    });
  });
});

describe('compileCondition: all, any, not', () => {
  const student: Condition = {
    any: [
      { field: 'title', op: 'contains', value: 'student' },
      { field: 'email', op: 'ends_with', value: '.edu' },
    ],
  };

  it('any: reports the first match, or every miss', () => {
    expect(check(student, { title: 'PhD Student', email: 'x@mit.edu' })).toEqual({
      matched: true,
      reason: "title is 'PhD Student' (expected to contain 'student')",
    });
    expect(check(student)).toEqual({
      matched: false,
      reason:
        "none matched: title is 'VP of Sales' (expected to contain 'student'); email is 'Ana@Northwind.io' (expected to end with '.edu')",
    });
  });

  it('all: joins every reason in YAML order, or reports the first miss', () => {
    const c: Condition = {
      all: [
        { field: 'employees', op: 'gte', value: 200 },
        { field: 'title', op: 'matches', value: 'sales' },
        { field: 'company.address.country', op: 'eq', value: 'us' },
      ],
    };
    expect(check(c)).toEqual({
      matched: true,
      reason:
        "employees is 450 (expected at least 200) and title is 'VP of Sales' (expected to match /sales/) and company.address.country is 'US' (expected 'us')",
    });
    expect(check(c, { employees: 10, title: 'Sales' })).toEqual({
      matched: false,
      reason: 'employees is 10 (expected at least 200)',
    });
  });

  it('not: inverts and says so', () => {
    expect(check({ not: student })).toEqual({
      matched: true,
      reason: expect.stringMatching(/^not \(none matched: /),
    });
  });

  it('all: [] matches everything (a catch-all rule)', () => {
    expect(check({ all: [] }, {})).toEqual({ matched: true, reason: 'always (all: [] matches everything)' });
    expect(matches({ not: { all: [] } })).toBe(false);
  });

  it('the fast test agrees with the explained answer on nested conditions, whatever the order', () => {
    const nested: Condition = {
      any: [
        {
          all: [
            { field: 'title', op: 'matches', value: 'vp|chief' },
            { not: { field: 'industry', op: 'in', value: ['education', 'government'] } },
            { field: 'employees', op: 'between', value: [100, 1000] },
          ],
        },
        {
          all: [
            { field: 'active', op: 'eq', value: false },
            { field: 'email', op: 'exists' },
          ],
        },
      ],
    };
    const subjects = [
      lead,
      { ...lead, industry: 'Education' },
      { ...lead, employees: 5, active: false },
      { ...lead, title: 'Chief of Staff', employees: '999' },
      {},
    ];
    expect(subjects.map((s) => check(nested, s).matched)).toEqual([true, false, true, true, false]);
  });
});

describe('compileCondition: CEL', () => {
  const opts = { celVariables: { lead: '' } };
  const cel = (expression: string, subject: unknown = lead) => check({ cel: expression }, subject, opts);

  it('evaluates an expression over the declared variables, with the values it read in the reason', () => {
    expect(cel("lead.industry == 'Software' && lead.employees >= 100")).toEqual({
      matched: true,
      reason:
        "`lead.industry == 'Software' && lead.employees >= 100` is true (lead.industry is 'Software', lead.employees is 450)",
    });
    expect(cel("lead.company.address.country in ['US', 'CA'] && 'Slack' in lead.technologies").matched).toBe(
      true,
    );
    expect(cel("lead.title.lowerAscii().startsWith('vp')").matched).toBe(true);
    expect(cel("lead.industry == 'software'").matched).toBe(false);
  });

  it('reads variables from paths of the subject', () => {
    const c = compileCondition(
      { cel: 'company.employees > 100 && size(techs) == 2' },
      {
        celVariables: { company: 'company', techs: 'technologies' },
      },
    );
    expect(c.test(lead)).toBe(true);
  });

  it('a run-time error (a missing key) does not match, and says why', () => {
    expect(cel('lead.revenue > 10')).toEqual({
      matched: false,
      reason: expect.stringContaining('`lead.revenue > 10` could not be evaluated: No such key: revenue'),
    });
    expect(cel('has(lead.revenue) && lead.revenue > 10').matched).toBe(false);
    expect(check({ not: { cel: 'lead.revenue > 10' } }, lead, opts).matched).toBe(true);
  });

  it('composes with structured conditions', () => {
    const c: Condition = {
      all: [{ field: 'title', op: 'contains', value: 'vp' }, { cel: 'lead.employees / 3.0 == 150.0' }],
    };
    expect(check(c, lead, opts).matched).toBe(true);
  });

  it('sees numbers as CEL doubles (JSON has no integers): comparisons mix freely, int arithmetic does not', () => {
    expect(cel('lead.employees == 450 && lead.employees > 449.5').matched).toBe(true);
    expect(cel('lead.employees % 2 == 0').reason).toMatch(/could not be evaluated: no such overload/);
  });

  it('refuses syntax errors, unknown variables and non-boolean results with the column', () => {
    const fails = (expression: string, options: ConditionOptions = opts) => {
      try {
        compileCondition({ all: [{ cel: expression }] }, options);
      } catch (err) {
        expect(err).toBeInstanceOf(RevloopsError);
        expect((err as RevloopsError).code).toBe('CONFIG_INVALID');
        return (err as RevloopsError).issues[0];
      }
      throw new Error(`expected ${expression} to fail`);
    };
    expect(fails("lead.grade == 'A' &&")).toEqual({
      path: 'all.0.cel',
      message: "CEL `lead.grade == 'A' &&`: syntax error: Unexpected token: EOF (at column 21)",
    });
    expect(fails("lead.grade == 'A' && leads.employees > 5")?.message).toBe(
      "CEL `lead.grade == 'A' && leads.employees > 5`: unknown variable 'leads' (conditions here may use: lead) (at column 22)",
    );
    expect(fails('lead.grade == "A"', {})?.message).toMatch(
      /unknown variable 'lead' \(conditions here may use: none\)/,
    );
    expect(fails('1 + 2')?.message).toMatch(/must be true or false, but this gives int/);
    expect(fails("lead.email.matches('(a+)+$')")?.message).toMatch(
      /matches\(\) is not allowed .*\(at column 1\)$/,
    );
  });
});

describe('matches: RE2 patterns', () => {
  it('runs a catastrophic-backtracking pattern over a long text in linear time', () => {
    // A backtracking engine needs about 2^100000 steps here; RE2 answers at once.
    const evil = compileCondition({ field: 'text', op: 'matches', value: '^(a+)+$' });
    expect(evil.test({ text: `${'a'.repeat(100_000)}!` })).toBe(false);
    expect(evil.test({ text: 'a'.repeat(100_000) })).toBe(true);
    const nested = compileCondition({ field: 'text', op: 'matches', value: '(x+x+)+y' });
    expect(nested({ text: 'x'.repeat(50_000) }).matched).toBe(false);
  });

  it('refuses invalid patterns, lookaround, backreferences and over-long patterns as config errors', () => {
    const problem = (value: string) => {
      const r = ConditionSchema.safeParse({ field: 'a', op: 'matches', value });
      return r.success ? undefined : r.error.issues[0]?.message;
    };
    expect(problem('(')).toMatch(
      /not a valid RE2 regular expression \(error parsing regexp: missing closing \): `\(`\)/,
    );
    expect(problem('(?=a)b')).toMatch(/not a valid RE2 regular expression/);
    expect(problem('(a)\\1')).toMatch(/invalid escape sequence/);
    expect(problem('a'.repeat(201))).toMatch(/at most 200/);
    expect(problem('a'.repeat(200))).toBeUndefined();
    expect(() =>
      compileCondition({
        any: [
          { field: 'a', op: 'exists' },
          { field: 'b', op: 'matches', value: '[' },
        ],
      }),
    ).toThrow(/condition at any\.1: the pattern is not a valid RE2/);
  });
});

describe('ConditionSchema', () => {
  const issues = (v: unknown, schema: z.ZodType = ConditionSchema) => {
    const r = schema.safeParse(v);
    return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('accepts each form, nested', () => {
    const c = {
      all: [
        { field: 'a', op: 'exists' },
        { not: { any: [{ field: 'b', op: 'not_in', value: [1, 2] }] } },
        { cel: 'true' },
        { all: [] },
      ],
    };
    expect(ConditionSchema.parse(c)).toEqual(c);
  });

  it('rejects mixed forms, unknown ops and values that do not fit the op, at the right path', () => {
    expect(issues({ field: 'a', op: 'eq', value: 1, all: [{ field: 'b', op: 'exists' }] })).toEqual([
      ': expected exactly one of all, any, not, cel or field (found all, field)',
    ]);
    expect(issues({ any: [{ field: 'b', op: 'exists' }], op: 'eq' })).toEqual([
      ': op and value belong with field, not with all/any/not/cel',
    ]);
    expect(issues({ field: 'a', op: 'ne', value: 1 })[0]).toMatch(/^op: Invalid option/);
    expect(issues({ field: 'a', op: 'notIn', value: [1] })[0]).toMatch(/^op: Invalid option/);
    expect(issues({ field: 'a', op: 'in', value: 'x' })).toEqual([
      'value: in needs a non-empty list of values',
    ]);
    expect(issues({ field: 'a', op: 'between', value: [5, 1] })).toEqual([
      'value: between needs [min, max], two numbers with min <= max',
    ]);
    expect(issues({ field: 'a', op: 'exists', value: true })).toEqual(['value: exists takes no value']);
    expect(issues({ field: 'a', op: 'starts_with', value: '' })).toEqual([
      'value: starts_with needs a non-empty string',
    ]);
    expect(issues({ all: [{ field: 'a', op: 'gt', value: 'x' }] })).toEqual([
      'all.0.value: gt needs a number',
    ]);
    expect(issues({ any: [] })).toEqual(['any: any needs at least one condition']);
    expect(issues({ field: 'a' })).toEqual([
      'op: expected an op: one of eq, neq, in, not_in, gt, gte, lt, lte, between, contains, starts_with, ends_with, matches, exists, empty',
    ]);
  });

  it('checks CEL against the variables the loop declares', () => {
    const schema = conditionSchema({ celVariables: { lead: '' } });
    expect(issues({ any: [{ cel: "lead.grade == 'A'" }] }, schema)).toEqual([]);
    expect(issues({ any: [{ cel: "lead.grade = 'A'" }] }, schema)).toEqual([
      expect.stringMatching(/^any\.0\.cel: CEL `lead\.grade = 'A'`: syntax error: .* \(at column 12\)$/),
    ]);
    expect(issues({ cel: "grade == 'A'" }, schema)).toEqual([
      "cel: CEL `grade == 'A'`: unknown variable 'grade' (conditions here may use: lead) (at column 1)",
    ]);
  });

  it('exports to JSON Schema for editors', () => {
    const schema = z.toJSONSchema(ConditionSchema, { io: 'input', unrepresentable: 'any' });
    expect(JSON.stringify(schema)).toContain('starts_with');
  });
});

describe('numbers in conditions are finite', () => {
  it('refuses infinities and NaN as values', () => {
    for (const value of [Number.POSITIVE_INFINITY, Number.NaN, [1, Number.NEGATIVE_INFINITY]])
      expect(
        ConditionSchema.safeParse({ field: 'n', op: Array.isArray(value) ? 'in' : 'eq', value }).success,
      ).toBe(false);
  });
});
