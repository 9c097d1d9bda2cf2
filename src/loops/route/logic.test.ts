import { describe, expect, it } from 'vitest';
import { compileRoutes, firstMatch, matchingRule, routingSubject, segmentOf } from './logic.js';
import { testConfig } from './test-config.js';

const worked = {
  leadId: 'lead-001',
  email: 'dana.whitfield@northwindanalytics.com',
  domain: 'NorthwindAnalytics.com',
  company: 'Northwind Analytics',
  country: 'US',
  region: 'NA',
  employees: 450,
  grade: 'A',
  score: 91,
};

describe('rules: first match fires, every rule tried is explained', () => {
  const compiled = compileRoutes(testConfig());

  it('the worked example skips rule 1 and matches rule 2', () => {
    const subject = routingSubject(worked, undefined);
    subject.segment = segmentOf(compiled, subject).segment;
    subject.accountMatch = 'none';
    const { match, checks } = firstMatch(compiled, subject);
    expect(match?.rule.name).toBe('na-commercial-a');
    expect(checks).toEqual([
      {
        rule: 'existing-customer',
        position: 1,
        matched: false,
        reason: "accountMatch is 'none' (expected one of matched, uncertain)",
      },
      {
        rule: 'na-commercial-a',
        position: 2,
        matched: true,
        reason:
          "grade is 'A' (expected 'A') and segment is 'commercial' (expected 'commercial') and region is 'NA' (expected 'NA')",
      },
    ]);
    expect(matchingRule(compiled, subject)?.rule.name).toBe('na-commercial-a');
  });

  it('stops at the first match even when later rules match too, and can resume after a declined rule', () => {
    const subject = { grade: 'A', segment: 'commercial', region: 'NA', accountMatch: 'matched' };
    expect(firstMatch(compiled, subject).match?.rule.name).toBe('existing-customer');
    const resumed = firstMatch(compiled, subject, 1);
    expect(resumed.match?.rule.name).toBe('na-commercial-a');
    expect(resumed.checks.map((c) => c.position)).toEqual([2]);
  });

  it('no rule: match is null and every rule says why it missed', () => {
    const { match, checks } = firstMatch(compiled, { grade: 'B', region: 'EMEA', accountMatch: 'none' });
    expect(match).toBeNull();
    expect(checks.map((c) => [c.rule, c.matched])).toEqual([
      ['existing-customer', false],
      ['na-commercial-a', false],
      ['nurture', false],
    ]);
    expect(matchingRule(compiled, { grade: 'B' })).toBeNull();
  });

  it('a disabled rule is skipped and says so; a rule without a condition matches everything', () => {
    const c = compileRoutes(
      testConfig({
        rules: [
          { name: 'off', enabled: false, action: { type: 'queue', queue: 'review' } },
          { name: 'all', action: { type: 'queue', queue: 'triage' } },
        ],
      }),
    );
    const { match, checks } = firstMatch(c, {});
    expect(match?.rule.name).toBe('all');
    expect(checks.map((x) => x.reason)).toEqual(['the rule is disabled', 'the rule has no condition']);
  });

  it('CEL conditions read the lead as `lead`', () => {
    const c = compileRoutes(
      testConfig({
        rules: [
          {
            name: 'cel',
            when: { cel: "lead.grade == 'B' && lead.employees >= 100" },
            action: { type: 'queue', queue: 'review' },
          },
        ],
      }),
    );
    expect(firstMatch(c, { grade: 'B', employees: 120 }).match?.rule.name).toBe('cel');
    expect(firstMatch(c, { grade: 'B', employees: 20 }).match).toBeNull();
  });

  it('segments: the lead’s own segment wins, else the first configured match', () => {
    expect(segmentOf(compiled, { employees: 450 }).segment).toBe('commercial');
    expect(segmentOf(compiled, { employees: 5000 }).segment).toBe('enterprise');
    expect(segmentOf(compiled, { employees: 10 }).segment).toBeUndefined();
    expect(segmentOf(compiled, { employees: 10, segment: 'strategic' }).segment).toBe('strategic');
  });

  it('the subject overlays the handoff on the stored record and derives the email domain', () => {
    const s = routingSubject(
      { leadId: 'l1', email: 'x@Sub.Example.com', grade: 'A' },
      { grade: 'B', title: 'VP' },
    );
    expect(s).toMatchObject({ id: 'l1', grade: 'A', title: 'VP', emailDomain: 'sub.example.com' });
  });
});
