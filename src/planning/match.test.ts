import { describe, expect, it } from 'vitest';
import { overlay } from './inherit.js';
import { compileTerritories, placeAccount } from './match.js';
import { coverageOn, ownerIn } from './owners.js';
import { Scenario } from './scenario.js';

const base = {
  effective: '2027-02-01',
  icp: {
    segments: [
      { name: 'enterprise', when: { field: 'employees', op: 'gte', value: 1000 } },
      { name: 'commercial', when: { all: [] } },
    ],
  },
  roles: { ae: { capacity: 600000 } },
  roster: [
    { id: 'a', role: 'ae', territory: 'na-com' },
    { id: 'b', role: 'ae', territory: 'na-com' },
    { id: 'c', role: 'ae', territory: 'na-com', start: '2027-06-01' },
    { id: 'm', role: 'ae', territory: 'na' },
  ],
  territories: [
    { id: 'na', name: 'NA', owner: 'm', countries: ['US', 'CA'] },
    { id: 'na-com', name: 'NA Commercial', parent: 'na', countries: ['US'], segments: ['commercial'] },
    { id: 'fin', name: 'Financial services', industries: ['Banking'] },
    { id: 'key', name: 'Key accounts', accounts: ['bigco.com'] },
  ],
};

describe('territory placement with the kernel rules engine', () => {
  const s = Scenario.parse(base);
  const c = compileTerritories(s);
  it('prefers the child when a parent and its child both match', () => {
    expect(placeAccount(c, ['x'], { country: 'US', employees: 50 })).toMatchObject({
      kind: 'placed',
      territory: 'na-com',
    });
    expect(placeAccount(c, ['x'], { country: 'US', employees: 5000 })).toMatchObject({
      kind: 'placed',
      territory: 'na',
    });
  });
  it('names every candidate when unrelated territories match, and puts named accounts first', () => {
    expect(placeAccount(c, ['x'], { country: 'US', employees: 50, industry: 'Banking' })).toEqual({
      kind: 'ambiguous',
      candidates: ['na-com', 'fin'],
      segment: 'commercial',
    });
    expect(placeAccount(c, ['x'], { country: 'US', domain: 'BigCo.com' })).toMatchObject({
      territory: 'key',
      via: 'named',
    });
    expect(placeAccount(c, ['x'], { country: 'JP' }).kind).toBe('unmatched');
  });
  it('keeps the current owner, covers open seats up the hierarchy, and moves few accounts when a rep starts', () => {
    const before = coverageOn(s, '2027-02-01');
    const after = coverageOn(s, '2027-06-01');
    expect(ownerIn(before, 'na-com', 'acc-1', 'b')).toBe('b');
    expect(
      ownerIn(
        coverageOn(Scenario.parse({ ...base, roster: [base.roster[3]] }), '2027-02-01'),
        'na-com',
        'x',
        null,
      ),
    ).toBe('m');
    const ids = Array.from({ length: 600 }, (_, i) => `acc-${i}`);
    const moved = ids.filter(
      (id) => ownerIn(before, 'na-com', id, null) !== ownerIn(after, 'na-com', id, null),
    );
    expect(moved.every((id) => ownerIn(after, 'na-com', id, null) === 'c')).toBe(true);
    expect(moved.length).toBeGreaterThan(120);
    expect(moved.length).toBeLessThan(280);
  });
  it('refuses a scenario that names an unknown territory or names an account twice', () => {
    const bad = Scenario.safeParse({
      ...base,
      territories: [...base.territories, { id: 'x', name: 'X', parent: 'nope', accounts: ['bigco.com'] }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.message)).toEqual([
      'no territory nope',
      'bigco.com is already named by territory key',
    ]);
  });
});

describe('scenario inheritance', () => {
  it('merges maps, merges keyed list items, drops removed ones and replaces other values', () => {
    const merged = overlay(
      {
        roster: [
          { id: 'a', role: 'ae' },
          { id: 'b', role: 'ae' },
        ],
        roles: { ae: { capacity: 1 } },
        effective: 'x',
      },
      {
        roster: [
          { id: 'a', territory: 't' },
          { id: 'b', remove: true },
          { id: 'c', role: 'sdr' },
        ],
        roles: { ae: { ramp: [0.5] } },
      },
    );
    expect(merged).toEqual({
      roster: [
        { id: 'a', role: 'ae', territory: 't' },
        { id: 'c', role: 'sdr' },
      ],
      roles: { ae: { capacity: 1, ramp: [0.5] } },
      effective: 'x',
    });
  });
});
