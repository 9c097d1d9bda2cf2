import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Scenario } from './scenario.js';

const fy27 = () =>
  parse(readFileSync('examples/acme/scenarios/fy27/scenario.yaml', 'utf8')) as {
    territories: { id: string; parent?: string }[];
  };

const issues = (data: unknown) =>
  (Scenario.safeParse(data).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('scenario territories', () => {
  it('accept the example as it is', () => {
    expect(issues(fy27())).toEqual([]);
  });

  it('refuse a territory that is its own ancestor, at its parent field', () => {
    const data = fy27();
    const na = data.territories.findIndex((t) => t.id === 'na');
    (data.territories[na] as { parent?: string }).parent = 'na-commercial';
    expect(issues(data)).toContain(
      `territories.${na}.parent: territory na is its own ancestor (na → na-commercial → na)`,
    );
  });

  it('refuse a duplicate territory id, naming the first', () => {
    const data = fy27();
    data.territories.push({ ...(data.territories[0] as { id: string }) });
    expect(issues(data)).toContain(
      `territories.${data.territories.length - 1}.id: territory ${data.territories[0]?.id} is already territories.0`,
    );
  });
});
