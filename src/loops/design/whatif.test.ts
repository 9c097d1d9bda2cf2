import { describe, expect, it } from 'vitest';
import { Scenario } from '../../planning/scenario.js';
import { whatIfTask } from './agent.js';
import { applyChanges, whatIfContext } from './whatif-changes.js';

const s = Scenario.parse({
  effective: '2027-02-01',
  icp: {
    segments: [
      { name: 'enterprise', when: { field: 'employees', op: 'gte', value: 1000 } },
      { name: 'mid-market', when: { field: 'employees', op: 'between', value: [100, 999] } },
    ],
  },
  roles: { ae: { capacity: 600000 }, sdr: { capacity: 0, carriesQuota: false } },
  roster: [{ id: 'u-gus', role: 'ae', territory: 'emea-mm' }],
  territories: [
    { id: 'emea', name: 'EMEA' },
    { id: 'emea-mm', name: 'EMEA Mid-Market', parent: 'emea', segments: ['mid-market'], target: 1000000 },
    { id: 'na', name: 'North America' },
  ],
});
const ask = (question: string) => whatIfTask.heuristic({ question, context: whatIfContext(s) });

describe('the what-if grammar', () => {
  it('reads the documented questions as parameter changes', () => {
    expect(ask('What if we add two reps to EMEA mid-market in Q2?')).toMatchObject({
      answer: { changes: [{ op: 'add-people', territory: 'emea-mm', role: 'ae', count: 2, quarter: 2 }] },
      confidence: 0.9,
    });
    expect(ask('raise the enterprise threshold to 2,000 employees').answer.changes).toEqual([
      { op: 'segment-threshold', segment: 'enterprise', value: 2000 },
    ]);
    expect(
      ask('move u-gus to north america and set the EMEA mid-market target to 1.5m').answer.changes,
    ).toEqual([
      { op: 'move-person', person: 'u-gus', territory: 'na' },
      { op: 'set-target', territory: 'emea-mm', value: 1_500_000 },
    ]);
  });
  it('takes a territory named exactly over its children, and refuses quarters and headcounts it cannot mean', () => {
    expect(ask('add two reps to EMEA in Q2').answer.changes).toMatchObject([
      { op: 'add-people', territory: 'emea', count: 2, quarter: 2 },
    ]);
    expect(ask('add two reps to EMEA mid-market').answer.changes).toMatchObject([{ territory: 'emea-mm' }]);
    for (const question of [
      'add 2 reps to EMEA mid-market in Q5',
      'add 0 reps to EMEA mid-market',
      'add 2.5 reps to EMEA mid-market',
      'add 1000000 reps to EMEA mid-market',
      'remove 5000 reps from EMEA mid-market',
    ]) {
      const answer = ask(question);
      expect(answer.confidence, question).toBe(0);
      expect(answer.answer.changes, question).toEqual([]);
    }
  });
  it('gives no answer rather than a guess', () => {
    expect(ask('make everyone happier')).toMatchObject({ answer: { changes: [] }, confidence: 0 });
    expect(ask('add two reps to APAC').confidence).toBe(0);
  });
  it('applies changes to a copy: hires start in their quarter, thresholds move the segment below', () => {
    const changed = applyChanges(s, [
      ...ask('add two reps to EMEA mid-market in Q2').answer.changes,
      ...ask('raise the enterprise threshold to 2,000').answer.changes,
    ]);
    expect(changed.roster.filter((p) => p.planned).map((p) => p.start)).toEqual(['2027-05-01', '2027-05-01']);
    expect(changed.icp.segments.map((g) => g.when)).toEqual([
      { field: 'employees', op: 'gte', value: 2000 },
      { field: 'employees', op: 'between', value: [100, 1999] },
    ]);
    expect(s.roster).toHaveLength(1);
  });
});
