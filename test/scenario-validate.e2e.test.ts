import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';

type Issue = { file: string; line: number; column: number; path: string; message: string };

const PARENT = 'scenarios/fy27/scenario.yaml';
const CHILD = 'scenarios/fy27-emea-expansion/scenario.yaml';

/** `validate` checks every scenario through what it inherits; each problem is located where the value is written. */
describe('validate on broken planning scenarios', () => {
  let ws = copyWorkspace('examples/acme');
  afterEach(() => {
    ws.cleanup();
    ws = copyWorkspace('examples/acme');
  });

  /** Replaces `from` in a scenario file; returns the line it is on. */
  const breakFile = (file: string, from: string, to: string) => {
    const path = join(ws.dir, file);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
    return text.slice(0, text.indexOf(from)).split('\n').length;
  };
  const files = () => [PARENT, CHILD, 'revloops.yaml'].map((f) => readFileSync(join(ws.dir, f), 'utf8'));
  const validate = async () => {
    const before = files();
    const r = await cli(['validate', '--json', '--workspace', ws.dir]);
    expect(r.code).toBe(1);
    expect(files()).toEqual(before);
    expect(existsSync(join(ws.dir, '.revloops'))).toBe(false);
    const error = JSON.parse(r.out || r.err).error as { code: string; issues: Issue[] };
    expect(error.code).toBe('CONFIG_INVALID');
    return error.issues;
  };

  it('passes the example as it is', async () => {
    const r = await cli(['validate', '--workspace', ws.dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('workspace acme is valid');
  });

  it('a wrong type in a child’s territory: the child’s file and line', async () => {
    const line = breakFile(CHILD, 'target: 1000000 }', 'target: a lot }');
    expect(await validate()).toEqual([
      {
        file: CHILD,
        line,
        column: 92,
        path: 'territories.2.target',
        message: 'Invalid input: expected number, received string',
      },
    ]);
  });

  it('a child’s override of an inherited person names the child’s line, not the parent’s', async () => {
    const line = breakFile(
      CHILD,
      '{ id: u-hana, role: ae, territory: emea-central }',
      '{ id: u-hana, role: ae, territory: emea-centrl }',
    );
    expect(await validate()).toEqual([
      { file: CHILD, line, column: 40, path: 'roster.1.territory', message: 'no territory emea-centrl' },
    ]);
  });

  it('a bad value in the parent is reported for it and for the child that inherits it', async () => {
    const line = breakFile(
      PARENT,
      '{ id: u-ivy, role: sdr, territory: na-commercial }',
      '{ id: u-ivy, role: sdr, territory: na-comm }',
    );
    expect(await validate()).toEqual([
      { file: PARENT, line, column: 40, path: 'roster.9.territory', message: 'no territory na-comm' },
      {
        file: PARENT,
        line,
        column: 40,
        path: 'roster.9.territory',
        message: 'no territory na-comm (inherited by fy27-emea-expansion from fy27)',
      },
    ]);
  });

  it('an unknown field and a territory under a missing parent, each at its own line', async () => {
    const unknown = breakFile(CHILD, 'countries: [], target: 2200000', 'countries: [], targt: 2200000');
    const parent = breakFile(CHILD, 'parent: emea, countries: [DE', 'parent: emea-x, countries: [DE');
    const issues = await validate();
    expect(issues.map(({ file, line, path }) => ({ file, line, path }))).toEqual([
      { file: CHILD, line: unknown, path: 'territories.0.targt' },
      { file: CHILD, line: parent, path: 'territories.2.parent' },
    ]);
    expect(issues[0]?.message).toMatch(/unknown field.*targt/);
    expect(issues[1]?.message).toBe('no territory emea-x');
  });

  it('inherits naming a missing scenario', async () => {
    const line = breakFile(CHILD, 'inherits: fy27', 'inherits: fy26');
    expect(await validate()).toEqual([
      {
        file: CHILD,
        line,
        column: 11,
        path: 'inherits',
        message: 'no scenario fy26: expected scenarios/fy26/scenario.yaml',
      },
    ]);
  });

  it('an inheritance cycle, at the inherits line that closes it', async () => {
    const line = breakFile(PARENT, 'effective:', 'inherits: fy27-emea-expansion\neffective:');
    const issues = await validate();
    expect(issues).toContainEqual({
      file: PARENT,
      line,
      column: 11,
      path: 'inherits',
      message: 'scenarios inherit in a circle: fy27-emea-expansion → fy27 → fy27-emea-expansion',
    });
    expect(issues).toContainEqual(
      expect.objectContaining({
        file: CHILD,
        line: 2,
        path: 'inherits',
        message: expect.stringMatching(/circle/),
      }),
    );
  });

  it('an active scenario that does not exist', async () => {
    const line = breakFile('revloops.yaml', 'scenario: fy27 #', 'scenario: fy28 #');
    expect(await validate()).toEqual([
      expect.objectContaining({
        file: 'revloops.yaml',
        line,
        path: 'scenario',
        message: expect.stringMatching(/no scenario fy28/),
      }),
    ]);
  });
});

/** design models a scenario folder's scenario.yaml, with what it inherits, as `model run` and `model compare`. */
describe('model run design on a scenario folder', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());
  const run = (...argv: string[]) => cli([...argv, '--json', '--workspace', ws.dir]);

  it('models the inherited scenario and compares it with its parent', async () => {
    const fy27 = await run('model', 'run', 'design', '--scenario', 'fy27');
    expect(fy27.code, fy27.err).toBe(0);
    const child = await run('model', 'run', 'design', '--scenario', 'fy27-emea-expansion');
    expect(child.code, child.err).toBe(0);
    const a = JSON.parse(fy27.out).artifact;
    const b = JSON.parse(child.out).artifact;
    expect(a).toMatchObject({ scenario: 'fy27', effective: '2027-02-01' });
    // The child inherits fy27's roster and adds two EMEA hires.
    expect(b.total.reps - a.total.reps).toBe(2);
    const compared = await run('model', 'compare', 'design', 'fy27', 'fy27-emea-expansion');
    expect(compared.code, compared.err).toBe(0);
    expect(compared.out).toContain('total.reps');
    const missing = await run('model', 'run', 'design', '--scenario', 'fy28');
    expect(missing.code).not.toBe(0);
    expect(missing.out + missing.err).toContain('scenarios/fy28/scenario.yaml');
  });
});

describe('plan deploy on a broken active scenario', () => {
  const ws = copyWorkspace('examples/acme');
  afterAll(() => ws.cleanup());

  it('refuses with the file, line and path of the bad value', async () => {
    const path = join(ws.dir, PARENT);
    const text = readFileSync(path, 'utf8');
    const from = '{ id: u-ben, role: ae, territory: na-commercial';
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, '{ id: u-ben, role: ae, territory: na-comercial'));
    const line = text.slice(0, text.indexOf(from)).split('\n').length;
    const r = await cli(['plan', 'deploy', '--workspace', ws.dir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${PARENT}:${line}:`);
    expect(r.err).toContain('territory: no territory na-comercial');
  });
});
