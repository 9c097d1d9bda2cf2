import { describe, expect, it } from 'vitest';
import { checkRubric, type RubricCriterion } from './rubric.js';

const rubric: RubricCriterion[] = [
  {
    id: 'size',
    description: '200+ employees',
    fact: 'company.employees',
    check: { op: 'atLeast', value: 200 },
    required: true,
  },
  {
    id: 'crm',
    description: 'runs a CRM we integrate with',
    fact: 'company.tech',
    check: { op: 'containsAny', values: ['salesforce', 'hubspot'] },
    weight: 2,
  },
  {
    id: 'region',
    description: 'sells in North America',
    fact: 'company.country',
    check: { op: 'oneOf', values: ['US', 'CA'] },
  },
];

describe('checkRubric', () => {
  it('quotes the fact behind every verdict and passes when unknowns cannot change it', () => {
    const r = checkRubric(
      rubric,
      { company: { employees: 250, tech: ['HubSpot', 'Slack'] } },
      { passScore: 0.7 },
    );
    expect(r.results.map((c) => [c.id, c.status, c.evidence])).toEqual([
      ['size', 'met', 'company.employees = 250 satisfies >= 200'],
      ['crm', 'met', 'company.tech = ["HubSpot","Slack"] satisfies contains any of ["salesforce","hubspot"]'],
      ['region', 'unknown', 'company.country is not known'],
    ]);
    expect(r).toMatchObject({ passed: true, score: 0.75, confidence: 0.75 });
    expect(r.reasoning).toMatch(/^passed, met weight 3 of 4 \(1 unknown\)/);
  });

  it('fails on an unmet required criterion whatever else is met', () => {
    const r = checkRubric(rubric, { company: { employees: 40, tech: 'Salesforce', country: 'us' } });
    expect(r.passed).toBe(false);
    expect(r.reasoning).toMatch(/^failed \(required size unmet\)/);
    expect(r.results[2]?.status).toBe('met');
  });

  it('stays undecided while unknown facts could still tip it, and never assumes a wrong-typed fact', () => {
    const r = checkRubric(rubric, { company: { employees: 'about 300' } });
    expect(r.passed).toBeNull();
    expect(r.results[0]).toMatchObject({
      status: 'unknown',
      evidence: 'company.employees = "about 300" is not a number, so it cannot be checked (>= 200)',
    });
    expect(r.confidence).toBe(0);
  });

  it('fails when even every unknown met could not reach the pass score', () => {
    const r = checkRubric(rubric, { company: { employees: 500, tech: ['Pipedrive'] } }, { passScore: 0.8 });
    expect(r.passed).toBe(false);
  });
});
