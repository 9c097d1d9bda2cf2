import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, copyWorkspace } from './helpers/cli.js';

/** Bad demand-chain config is refused by `validate` with file:line and what was expected, and nothing runs. */
describe('validate on broken qualify and route config', () => {
  let ws = copyWorkspace('examples/acme');
  afterEach(() => {
    ws.cleanup();
    ws = copyWorkspace('examples/acme');
  });

  const breakFile = (file: string, from: string, to: string) => {
    const path = join(ws.dir, 'loops', file);
    const text = readFileSync(path, 'utf8');
    expect(text).toContain(from);
    writeFileSync(path, text.replace(from, to));
    return text.slice(0, text.indexOf(from)).split('\n').length;
  };
  const validate = async () => {
    const r = await cli(['validate', '--json', '--workspace', ws.dir]);
    expect(r.code).toBe(1);
    return JSON.parse(r.out || r.err).error as {
      code: string;
      issues: { file: string; line: number; path: string; message: string }[];
    };
  };

  it('an unknown operator', async () => {
    const line = breakFile(
      'route.yaml',
      '{ field: grade, op: eq, value: A }',
      '{ field: grade, op: equals, value: A }',
    );
    const error = await validate();
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.issues[0]).toMatchObject({ file: 'loops/route.yaml', line });
    expect(error.issues[0]?.message).toMatch(/eq|neq|operator/);
  });

  it('grade thresholds out of order', async () => {
    const line = breakFile(
      'qualify.yaml',
      '{ grade: B, min: 60, minFit: 25 }',
      '{ grade: B, min: 85, minFit: 25 }',
    );
    const error = await validate();
    expect(error.issues[0]).toMatchObject({ file: 'loops/qualify.yaml' });
    expect(Math.abs((error.issues[0]?.line ?? 0) - line)).toBeLessThanOrEqual(1);
    expect(error.issues[0]?.message).toMatch(/less than 80 \(highest grade first\)/);
  });

  it('a pool with no members', async () => {
    const line = breakFile('route.yaml', 'members: [u-ana, u-ben, u-cara, u-dev]', 'members: []');
    const error = await validate();
    expect(error.issues[0]).toMatchObject({
      file: 'loops/route.yaml',
      line,
      path: 'pools.na-commercial.members',
    });
  });

  it('a rule pointing at a missing queue', async () => {
    const line = breakFile(
      'route.yaml',
      'action: { type: queue, queue: nurture }',
      'action: { type: queue, queue: nurturing }',
    );
    const error = await validate();
    expect(error.issues[0]).toMatchObject({ file: 'loops/route.yaml' });
    expect(Math.abs((error.issues[0]?.line ?? 0) - line)).toBeLessThanOrEqual(1);
    expect(error.issues[0]?.message).toContain('nurturing');
  });
});
