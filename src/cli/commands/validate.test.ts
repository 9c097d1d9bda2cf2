import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleLintLoop } from '../../../test/fixtures/rule-lint-loop.js';
import { cli } from '../../../test/helpers/cli.js';
import { defineLoop } from '../../kernel/index.js';

const dir = mkdtempSync(join(tmpdir(), 'rl-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, 'loops'));
writeFileSync(join(dir, 'revloops.yaml'), 'name: lint-test\nloops: [rule-lint]\nplugins: []\n');
const rules = (yaml: string) =>
  writeFileSync(join(dir, 'loops', 'rule-lint.yaml'), `loop: rule-lint\nrules:\n${yaml}`);
const validate = (...args: string[]) => cli(['validate', '--workspace', dir, ...args], [ruleLintLoop]);

describe('revloops validate: lint warnings', () => {
  it('prints a rule that can never fire as a warning with file:line, and still succeeds', async () => {
    rules(`  - name: enterprise
    when: { field: employees, op: gte, value: 1000 }
    queue: enterprise
  - name: big-fintech
    when:
      all:
        - { field: industry, op: in, value: [Fintech, Banking] }
        - { field: employees, op: between, value: [5000, 100000] }
    queue: fintech
  - name: everyone
    when: { all: [] }
    queue: default
`);
    const r = await validate();
    expect(r.code).toBe(0);
    expect(r.out).toContain('workspace lint-test is valid');
    expect(r.out).toContain(
      "warning: loops/rule-lint.yaml:8:7: rules.1.when: rule 'big-fintech' can never fire: everything it matches is matched first by rule 'enterprise' (employees between [5000, 100000] implies employees gte 1000)",
    );
    const json = JSON.parse((await validate('--json')).out);
    expect(json.ok).toBe(true);
    expect(json.warnings).toEqual([
      expect.stringMatching(/^loops\/rule-lint\.yaml:8:7: rules\.1\.when: rule 'big-fintech' can never fire/),
    ]);
  });

  it('prints no warning when every rule can fire', async () => {
    rules(`  - name: enterprise
    when: { field: employees, op: gte, value: 1000 }
    queue: enterprise
  - name: a-grade
    when: { cel: "lead.grade == 'A'" }
    queue: fast
`);
    const r = await validate('--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).warnings).toEqual([]);
  });

  it('fails on an unknown operator, a bad regex and a CEL error, each with its line', async () => {
    rules(`  - name: one
    when: { field: grade, op: equals, value: A }
    queue: q
  - name: two
    when: { field: email, op: matches, value: '(?=x)' }
    queue: q
  - name: three
    when: { cel: "lead.grade == 'A' && lead.employees >" }
    queue: q
`);
    const r = await validate();
    expect(r.code).not.toBe(0);
    const text = `${r.out}\n${r.err}`;
    expect(text).toMatch(/loops\/rule-lint\.yaml:4:\d+ rules\.0\.when\.op: Invalid option/);
    expect(text).toMatch(
      /loops\/rule-lint\.yaml:7:\d+ rules\.1\.when\.value.*not a valid RE2 regular expression/,
    );
    expect(text).toMatch(
      /loops\/rule-lint\.yaml:10:\d+ rules\.2\.when\.cel: .*syntax error.*\(at column 38\)/,
    );
  });
});

describe('defineLoop: the lint hook', () => {
  it('is optional, and refused when it is not a function', () => {
    const { lint: _lint, ...noLint } = ruleLintLoop;
    expect(defineLoop(noLint).lint).toBeUndefined();
    expect(() => defineLoop({ ...noLint, lint: 'rules' as never })).toThrow(
      /lint: expected a function from config to warnings/,
    );
  });
});
