import { describe, expect, it } from 'vitest';
import type { Json } from '../kernel/index.js';
import { mergeLayers, overlay } from './inherit.js';

const parent: Json = {
  effective: '2027-02-01',
  roles: { ae: { capacity: 900000, ramp: [0.1, 0.5] } },
  roster: [
    { id: 'u-jon', role: 'manager', territory: 'na' },
    { id: 'u-ana', role: 'ae', territory: 'na-commercial' },
    { id: 'u-gus', role: 'ae', territory: 'emea' },
  ],
  territories: [
    { id: 'na', name: 'North America' },
    { id: 'na-commercial', name: 'NA Commercial', parent: 'na' },
    { id: 'emea', name: 'EMEA' },
  ],
};

describe('where each value of a merged scenario is written', () => {
  it('a child override of a list item: the child file, at the item’s place there', () => {
    const child: Json = { roster: [{ id: 'u-gus', territory: 'emea-north' }] };
    const merged = mergeLayers([child, parent]);
    expect(merged.originOf(['roster', 2, 'territory'])).toEqual({
      layer: 0,
      path: ['roster', 0, 'territory'],
    });
    // The fields the child leaves as they are come from the parent.
    expect(merged.originOf(['roster', 2, 'role'])).toEqual({ layer: 1, path: ['roster', 2, 'role'] });
  });

  it('an item the child removes shifts the merged places, not the files’', () => {
    const child: Json = {
      territories: [
        { id: 'na-commercial', remove: true },
        { id: 'emea-north', name: 'x' },
      ],
    };
    const merged = mergeLayers([child, parent]);
    expect(merged.originOf(['territories', 1, 'name'])).toEqual({
      layer: 1,
      path: ['territories', 2, 'name'],
    });
    expect(merged.originOf(['territories', 2, 'name'])).toEqual({
      layer: 0,
      path: ['territories', 1, 'name'],
    });
  });

  it('maps merge field by field; a list of plain values replaces the inherited one whole', () => {
    const child: Json = { roles: { ae: { ramp: [0.25] } } };
    const merged = mergeLayers([child, parent]);
    expect(merged.originOf(['roles', 'ae', 'ramp', 0])).toEqual({
      layer: 0,
      path: ['roles', 'ae', 'ramp', 0],
    });
    expect(merged.originOf(['roles', 'ae', 'capacity'])).toEqual({
      layer: 1,
      path: ['roles', 'ae', 'capacity'],
    });
  });

  it('a path past what exists keeps its rest, under the nearest value that exists', () => {
    const merged = mergeLayers([{ roster: [{ id: 'hire-1', role: 'ae' }] }, parent]);
    expect(merged.originOf(['roster', 3, 'start'])).toEqual({ layer: 0, path: ['roster', 0, 'start'] });
    expect(merged.originOf(['comp', 'ae'])).toEqual({ layer: 0, path: ['comp', 'ae'] });
  });

  it('three layers: the value is found in the layer that writes it', () => {
    const middle: Json = { roster: [{ id: 'u-ana', territory: 'na' }] };
    const child: Json = { effective: '2027-03-01' };
    const merged = mergeLayers([child, middle, parent]);
    expect(merged.originOf(['effective'])).toEqual({ layer: 0, path: ['effective'] });
    expect(merged.originOf(['roster', 1, 'territory'])).toEqual({
      layer: 1,
      path: ['roster', 0, 'territory'],
    });
    expect(merged.originOf(['roster', 0, 'territory'])).toEqual({
      layer: 2,
      path: ['roster', 0, 'territory'],
    });
  });

  it('an id listed twice in one layer stays twice, so the scenario check reports it', () => {
    const child: Json = {
      roster: [
        { id: 'x', role: 'ae' },
        { id: 'x', role: 'sdr' },
      ],
    };
    const merged = mergeLayers([child, parent]);
    const ids = (merged.data as { roster: { id: string }[] }).roster.map((p) => p.id);
    expect(ids).toEqual(['u-jon', 'u-ana', 'u-gus', 'x', 'x']);
    expect(merged.originOf(['roster', 4])).toEqual({ layer: 0, path: ['roster', 1] });
  });

  it('a removal that matches no inherited item is reported where it is written', () => {
    const merged = mergeLayers([{ territories: [{ id: 'emae', remove: true }] }, parent]);
    expect(merged.unmatchedRemovals).toEqual([{ layer: 0, path: ['territories', 0] }]);
    expect((merged.data as { territories: unknown[] }).territories).toHaveLength(3);
  });

  it('folds to the same data as overlay, and a lone scenario as it is', () => {
    const child: Json = { roster: [{ id: 'u-ana', remove: true }], effective: '2027-04-01' };
    expect(mergeLayers([child, parent]).data).toEqual(overlay(parent, child));
    expect(mergeLayers([parent]).data).toBe(parent);
    expect(mergeLayers([parent]).originOf(['roster', 1, 'id'])).toEqual({
      layer: 0,
      path: ['roster', 1, 'id'],
    });
  });
});
