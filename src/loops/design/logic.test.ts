import { describe, expect, it } from 'vitest';
import { Scenario } from '../../planning/scenario.js';
import { rampSchedules } from './logic.js';

const scenario = Scenario.parse({
  name: 'fy27',
  effective: '2027-02-01',
  icp: { segments: [{ name: 'commercial', when: { field: 'employees', op: 'gte', value: 100 } }] },
  roles: {
    ae: { capacity: 900000, ramp: [0.1, 0.25, 0.5, 0.75] },
    manager: { capacity: 0, carriesQuota: false },
  },
  roster: [
    { id: 'u-jon', role: 'manager', territory: 'na' },
    { id: 'u-ana', role: 'ae', territory: 'na' },
    { id: 'u-fay', role: 'ae', territory: 'na', start: '2026-10-01' },
    { id: 'hire-1', role: 'ae', territory: 'na', planned: true, start: '2027-06-15' },
  ],
  territories: [{ id: 'na', name: 'North America', countries: ['US'] }],
  targets: { segments: { commercial: 1000000 } },
});

describe("design's ramp schedules, handed to route as capacity.planned", () => {
  it('lists quota carriers only: fully ramped from the plan start, or stepping up from their start', () => {
    expect(rampSchedules(scenario)).toEqual([
      { userId: 'u-ana', schedule: [{ from: '2027-02-01', factor: 1 }] },
      {
        userId: 'u-fay',
        schedule: [
          { from: '2026-10-01', factor: 0.1 },
          { from: '2026-11-01', factor: 0.25 },
          { from: '2026-12-01', factor: 0.5 },
          { from: '2027-01-01', factor: 0.75 },
          { from: '2027-02-01', factor: 1 },
        ],
      },
      {
        userId: 'hire-1',
        schedule: [
          { from: '2027-06-15', factor: 0.1 },
          { from: '2027-07-15', factor: 0.25 },
          { from: '2027-08-15', factor: 0.5 },
          { from: '2027-09-15', factor: 0.75 },
          { from: '2027-10-15', factor: 1 },
        ],
      },
    ]);
  });
});
