import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Issue, RevloopsError } from '../kernel/index.js';
import { Scenario } from '../planning/scenario.js';
import { resolveScenario, validateScenario } from './scenarios.js';

const example = (name: string) => readFileSync(`examples/acme/scenarios/${name}/scenario.yaml`, 'utf8');
const PARENT = 'scenarios/fy27/scenario.yaml';
const CHILD = 'scenarios/fy27-emea-expansion/scenario.yaml';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rl-scenarios-'));
  for (const name of ['fy27', 'fy27-emea-expansion']) write(name, example(name));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): void {
  mkdirSync(join(dir, 'scenarios', name), { recursive: true });
  writeFileSync(join(dir, 'scenarios', name, 'scenario.yaml'), text);
}

/** Replaces `from` in a scenario file; returns the line `to` is on. */
function edit(name: string, from: string, to: string): number {
  const text = example(name);
  expect(text).toContain(from);
  write(name, text.replace(from, to));
  return text.slice(0, text.indexOf(from)).split('\n').length;
}

function issues(name = 'fy27-emea-expansion'): Issue[] {
  try {
    validateScenario(resolveScenario(dir, name), Scenario);
  } catch (err) {
    if (err instanceof RevloopsError && err.code === 'CONFIG_INVALID') return [...err.issues];
    throw err;
  }
  return [];
}

describe('a scenario error is located where the offending value is written', () => {
  it('accepts the example scenarios', () => {
    expect(issues('fy27')).toEqual([]);
    expect(issues()).toEqual([]);
  });

  it('a wrong type in the child’s own territory: the child’s line, its path in that file', () => {
    const line = edit(
      'fy27-emea-expansion',
      'countries: [GB, IE, SE, NO], target: 1200000',
      'countries: [GB, IE, SE, NO], target: lots',
    );
    expect(issues()).toEqual([expect.objectContaining({ file: CHILD, line, path: 'territories.1.target' })]);
  });

  it('a child override of an inherited person: the child’s line, not the parent’s', () => {
    const line = edit(
      'fy27-emea-expansion',
      '{ id: u-gus, role: ae, territory: emea-north }',
      '{ id: u-gus, role: ae, territory: emea-nrth }',
    );
    expect(issues()).toEqual([
      { file: CHILD, line, column: 39, path: 'roster.0.territory', message: 'no territory emea-nrth' },
    ]);
  });

  it('a bad value the child inherits unchanged: the parent’s line, saying through which scenario', () => {
    const line = edit(
      'fy27',
      '{ id: u-ivy, role: sdr, territory: na-commercial }',
      '{ id: u-ivy, role: sdr, territory: na-comm }',
    );
    expect(issues()).toEqual([
      {
        file: PARENT,
        line,
        column: 40,
        path: 'roster.9.territory',
        message: 'no territory na-comm (inherited by fy27-emea-expansion from fy27)',
      },
    ]);
    write(
      'fy27-late',
      'inherits: fy27-emea-expansion\neffective: 2027-03-01\nroster:\n  - { id: u-ana, start: 2027-13-01 }\n',
    );
    expect(issues('fy27-late')).toEqual([
      expect.objectContaining({ file: 'scenarios/fy27-late/scenario.yaml', line: 4, path: 'roster.0.start' }),
      expect.objectContaining({
        file: PARENT,
        line,
        message: 'no territory na-comm (inherited by fy27-late from fy27 through fy27-emea-expansion)',
      }),
    ]);
  });

  it('after a removal in the child, inherited items are named at their own lines', () => {
    edit('fy27-emea-expansion', 'territories:\n', 'territories:\n  - { id: na-commercial, remove: true }\n');
    const found = issues();
    const ana =
      example('fy27')
        .split('\n')
        .findIndex((l) => l.includes('id: u-ana')) + 1;
    expect(found[0]).toEqual({
      file: PARENT,
      line: ana,
      column: 39,
      path: 'roster.1.territory',
      message: 'no territory na-commercial (inherited by fy27-emea-expansion from fy27)',
    });
    expect(found.every((i) => i.file === PARENT)).toBe(true);
  });

  it('an unknown field in a child item: the line of that field in the child', () => {
    const line = edit(
      'fy27-emea-expansion',
      '{ id: emea, name: EMEA, countries: [], target: 2200000 }',
      '{ id: emea, name: EMEA, countries: [], targt: 2200000 }',
    );
    expect(issues()).toEqual([expect.objectContaining({ file: CHILD, line, path: 'territories.0.targt' })]);
    expect(issues()[0]?.message).toMatch(/unknown field.*targt/);
  });

  it('a map value the child overrides: the child’s line', () => {
    const line = edit('fy27-emea-expansion', 'ae: { commercial: 6 }', 'ae: { commercial: six }');
    expect(issues()).toEqual([
      expect.objectContaining({ file: CHILD, line, column: 21, path: 'investment.ae.commercial' }),
    ]);
  });

  it('a removal that matches nothing inherited', () => {
    const line = edit(
      'fy27-emea-expansion',
      'territories:\n',
      'territories:\n  - { id: emae, remove: true }\n',
    );
    expect(issues()).toEqual([
      expect.objectContaining({
        file: CHILD,
        line: line + 1,
        path: 'territories.0',
        message: expect.stringMatching(/remove: true matches no item inherited from fy27/),
      }),
    ]);
  });

  it('inherits naming a missing scenario, a list, or a circle: at the inherits line', () => {
    edit('fy27-emea-expansion', 'inherits: fy27', 'inherits: fy26');
    expect(issues()).toEqual([
      {
        file: CHILD,
        line: 2,
        column: 11,
        path: 'inherits',
        message: 'no scenario fy26: expected scenarios/fy26/scenario.yaml',
      },
    ]);
    edit('fy27-emea-expansion', 'inherits: fy27', 'inherits: [fy27]');
    expect(issues()[0]).toMatchObject({ file: CHILD, line: 2, path: 'inherits' });
    write('fy27-emea-expansion', example('fy27-emea-expansion'));
    const line = edit('fy27', 'effective:', 'inherits: fy27-emea-expansion\neffective:');
    expect(issues()).toEqual([
      expect.objectContaining({
        file: PARENT,
        line,
        path: 'inherits',
        message: 'scenarios inherit in a circle: fy27-emea-expansion → fy27 → fy27-emea-expansion',
      }),
    ]);
  });
});
