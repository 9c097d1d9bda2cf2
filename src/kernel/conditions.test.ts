import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Condition, ConditionSchema, compileCondition, getPath, isMissing } from './conditions.js';
import { RevloopsError } from './errors.js';

const lead = {
  email: 'Ana@Northwind.io',
  title: 'VP of Sales',
  industry: 'Software',
  employees: 450,
  headcount: '120',
  technologies: ['Salesforce', 'Slack'],
  company: { name: 'Northwind', employees: 450, address: { country: 'US' } },
  activities: [{ type: 'page_view', detail: '/pricing' }],
  blank: '',
  none: null,
  active: true,
};

const check = (c: Condition) => compileCondition(c)(lead);

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
  });

  it('treats null, blank strings and empty lists as missing', () => {
    expect([undefined, null, '', '  ', []].every(isMissing)).toBe(true);
    expect([0, false, 'x', [1]].some(isMissing)).toBe(false);
  });
});

describe('compileCondition: leaves', () => {
  it('explains in plain words, as the brief example reads', () => {
    expect(check({ field: 'industry', op: 'in', value: ['software', 'fintech'] })).toEqual({
      matched: true,
      reason: "industry is 'Software' (expected one of software, fintech)",
    });
  });

  it('compares strings without regard to case', () => {
    expect(check({ field: 'industry', op: 'eq', value: 'SOFTWARE' }).matched).toBe(true);
    expect(check({ field: 'industry', op: 'ne', value: 'software' }).matched).toBe(false);
    expect(check({ field: 'title', op: 'contains', value: 'sales' }).matched).toBe(true);
    expect(check({ field: 'title', op: 'startsWith', value: 'vp' }).matched).toBe(true);
    expect(check({ field: 'email', op: 'endsWith', value: '@northwind.IO' }).matched).toBe(true);
    expect(check({ field: 'title', op: 'matches', value: '^(vp|vice president)\\b' }).matched).toBe(true);
  });

  it('compares numbers, including numeric strings', () => {
    expect(check({ field: 'employees', op: 'gt', value: 449 }).matched).toBe(true);
    expect(check({ field: 'employees', op: 'gt', value: 450 }).matched).toBe(false);
    expect(check({ field: 'employees', op: 'gte', value: 450 }).matched).toBe(true);
    expect(check({ field: 'employees', op: 'lt', value: 450 }).matched).toBe(false);
    expect(check({ field: 'employees', op: 'lte', value: 450 }).matched).toBe(true);
    expect(check({ field: 'headcount', op: 'between', value: [100, 199] })).toEqual({
      matched: true,
      reason: "headcount is '120' (expected between 100 and 199)",
    });
    expect(check({ field: 'employees', op: 'eq', value: 450 }).matched).toBe(true);
    expect(check({ field: 'title', op: 'gt', value: 1 }).matched).toBe(false);
  });

  it('matches lists when any member matches, and ne/notIn when none does', () => {
    expect(check({ field: 'technologies', op: 'contains', value: 'slack' }).matched).toBe(true);
    expect(check({ field: 'technologies', op: 'in', value: ['hubspot', 'salesforce'] }).matched).toBe(true);
    expect(check({ field: 'technologies', op: 'notIn', value: ['hubspot', 'salesforce'] }).matched).toBe(
      false,
    );
    expect(check({ field: 'technologies', op: 'notIn', value: ['hubspot'] }).matched).toBe(true);
    expect(check({ field: 'technologies', op: 'ne', value: 'Slack' }).matched).toBe(false);
  });

  it('handles missing values: only empty, ne and notIn match', () => {
    expect(check({ field: 'country', op: 'exists' })).toEqual({
      matched: false,
      reason: 'country has no value (expected a value)',
    });
    expect(check({ field: 'blank', op: 'empty' }).matched).toBe(true);
    expect(check({ field: 'none', op: 'empty' }).matched).toBe(true);
    expect(check({ field: 'email', op: 'empty' }).matched).toBe(false);
    expect(check({ field: 'email', op: 'exists' }).matched).toBe(true);
    expect(check({ field: 'country', op: 'ne', value: 'US' }).matched).toBe(true);
    expect(check({ field: 'country', op: 'notIn', value: ['US'] }).matched).toBe(true);
    expect(check({ field: 'country', op: 'eq', value: 'US' }).matched).toBe(false);
    expect(check({ field: 'country', op: 'contains', value: 'U' }).matched).toBe(false);
  });

  it('compares booleans', () => {
    expect(check({ field: 'active', op: 'eq', value: true }).matched).toBe(true);
    expect(check({ field: 'active', op: 'eq', value: false }).matched).toBe(false);
  });
});

describe('compileCondition: all, any, not', () => {
  const student: Condition = {
    any: [
      { field: 'title', op: 'contains', value: 'student' },
      { field: 'email', op: 'endsWith', value: '.edu' },
    ],
  };

  it('any: reports the first match, or every miss', () => {
    const r = compileCondition(student)({ title: 'PhD Student', email: 'x@mit.edu' });
    expect(r).toEqual({ matched: true, reason: "title is 'PhD Student' (expected to contain 'student')" });
    expect(check(student)).toEqual({
      matched: false,
      reason:
        "none matched: title is 'VP of Sales' (expected to contain 'student'); email is 'Ana@Northwind.io' (expected to end with '.edu')",
    });
  });

  it('all: joins every reason, or reports the first miss', () => {
    const c: Condition = {
      all: [
        { field: 'employees', op: 'gte', value: 200 },
        { field: 'company.address.country', op: 'eq', value: 'us' },
      ],
    };
    expect(check(c)).toEqual({
      matched: true,
      reason: "employees is 450 (expected at least 200) and company.address.country is 'US' (expected 'us')",
    });
    expect(compileCondition(c)({ employees: 10 })).toEqual({
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
});

describe('ConditionSchema', () => {
  it('accepts each form, nested', () => {
    const c = {
      all: [{ field: 'a', op: 'exists' }, { not: { any: [{ field: 'b', op: 'in', value: [1, 2] }] } }],
    };
    expect(ConditionSchema.parse(c)).toEqual(c);
  });

  it('rejects mixed forms, unknown ops and values that do not fit the op, at the right path', () => {
    const issues = (v: unknown) => {
      const r = ConditionSchema.safeParse(v);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues({ field: 'a', op: 'eq', value: 1, all: [{ field: 'b', op: 'exists' }] })).toEqual([
      ': expected exactly one of all, any, not or field (found all, field)',
    ]);
    expect(issues({ any: [{ field: 'b', op: 'exists' }], op: 'eq' })).toEqual([
      ': op and value belong with field, not with all/any/not',
    ]);
    expect(issues({ field: 'a', op: 'equals', value: 1 })[0]).toMatch(/^op: /);
    expect(issues({ field: 'a', op: 'in', value: 'x' })).toEqual([
      'value: in needs a non-empty list of values',
    ]);
    expect(issues({ field: 'a', op: 'between', value: [5, 1] })).toEqual([
      'value: between needs [min, max], two numbers with min <= max',
    ]);
    expect(issues({ field: 'a', op: 'exists', value: true })).toEqual(['value: exists takes no value']);
    expect(issues({ all: [{ field: 'a', op: 'gt', value: 'x' }] })).toEqual([
      'all.0.value: gt needs a number',
    ]);
    expect(issues({ field: 'a' })).toEqual([
      'op: expected an op: one of eq, ne, in, notIn, gt, gte, lt, lte, between, contains, startsWith, endsWith, exists, empty, matches',
    ]);
  });

  it('validates patterns at compile time: syntax, length and nested quantifiers', () => {
    expect(() => compileCondition({ field: 'a', op: 'matches', value: '(' })).toThrow(RevloopsError);
    expect(() => compileCondition({ field: 'a', op: 'matches', value: 'a'.repeat(201) })).toThrow(
      /at most 200/,
    );
    expect(() => compileCondition({ field: 'a', op: 'matches', value: '(a+)+$' })).toThrow(
      /nests quantifiers/,
    );
    expect(() =>
      compileCondition({
        any: [
          { field: 'a', op: 'exists' },
          { field: 'b', op: 'matches', value: '[' },
        ],
      }),
    ).toThrow(/condition at any\.1/);
    expect(ConditionSchema.safeParse({ field: 'a', op: 'matches', value: 'a'.repeat(201) }).success).toBe(
      false,
    );
    expect(
      compileCondition({ field: 'a', op: 'matches', value: 'a'.repeat(200) })({ a: 'a'.repeat(200) }).matched,
    ).toBe(true);
  });

  it('exports to JSON Schema for editors', () => {
    const schema = z.toJSONSchema(ConditionSchema, { io: 'input', unrepresentable: 'any' });
    expect(JSON.stringify(schema)).toContain('startsWith');
  });
});
