import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { RevloopsError } from '../kernel/index.js';
import type { Plan } from './materialize.js';
import {
  batchedLines,
  parseLargeJson,
  prettyJsonLines,
  readPlanFile,
  readWholeFile,
  writePlanFile,
} from './plan-file.js';

const dir = mkdtempSync(join(tmpdir(), 'rl-plan-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (v: unknown) => [...prettyJsonLines(v)].join('\n');

/** A value large enough to be written piece by piece, nested the way a plan is. */
function bigPlan(n: number): Plan {
  const changes = Array.from({ length: n }, (_, i) => ({
    op: 'update' as const,
    kind: 'account' as const,
    id: `acc-${i}`,
    before: { territoryId: null, ownerId: `u-${i % 7}`, tags: [i, `t${i}`, { deep: [null, true] }] },
    after: {
      territoryId: `t-${i % 50}`,
      ownerId: `u-${i % 9}`,
      note: i % 3 === 0 ? undefined : 'é "quoted"\n',
    },
    fields: ['ownerId', 'territoryId'],
    ...(i % 2 === 0 ? { patch: true as const } : {}),
  }));
  return {
    format: 'revloops.plan/1',
    loop: 'deploy',
    loopVersion: '1.0.0',
    configVersion: 'abc',
    baseHash: 'def',
    createdAt: '2027-02-02T09:00:00.000Z',
    summary: { create: 0, update: n, delete: 0 },
    // An undefined field is left out of the file, as JSON.stringify leaves it out.
    changes: changes as unknown as Plan['changes'],
    decision: {
      reads: [{ key: 'find:account:{}', result: changes.map((c) => ({ id: c.id, values: c.before })) }],
    } as unknown as Plan['decision'],
  };
}

describe('plan files', () => {
  it('write exactly the text of JSON.stringify(value, null, 2), piece by piece', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(text(v)).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 2_000 },
    );
    const withHoles = { a: undefined, b: [undefined, 1, () => 2], c: new Date(0), d: { e: undefined } };
    expect(text(withHoles)).toBe(JSON.stringify(withHoles, null, 2));
    const big = bigPlan(3_000);
    expect(text(big)).toBe(JSON.stringify(big, null, 2));
    const wide = Object.fromEntries(Array.from({ length: 2_500 }, (_, i) => [`k${i}`, { v: [i] }]));
    expect(text(wide)).toBe(JSON.stringify(wide, null, 2));
    expect([...batchedLines(prettyJsonLines(big), 4_096)].length).toBeGreaterThan(100);
    expect([...batchedLines(prettyJsonLines(big), 4_096)].join('\n')).toBe(JSON.stringify(big, null, 2));
  });

  it('parse large JSON a part at a time exactly as JSON.parse does, and refuse what it refuses', () => {
    const same = (text: string, part: number) => {
      let want: unknown;
      let wantError = false;
      try {
        want = JSON.parse(text);
      } catch {
        wantError = true;
      }
      if (wantError) expect(() => parseLargeJson(Buffer.from(text), part), text).toThrow(SyntaxError);
      else expect(parseLargeJson(Buffer.from(text), part)).toStrictEqual(want);
    };
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(1, 2, 8, 64, 1 << 20), fc.boolean(), (v, part, pretty) => {
        same(pretty ? JSON.stringify(v, null, 2) : JSON.stringify(v), part);
      }),
      { numRuns: 3_000 },
    );
    // Damaged texts: a character dropped, replaced or added anywhere.
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', ',', ']', '}', '"', ':', '\\', ' ', 'x', '1'),
        fc.constantFrom(1, 4, 1 << 20),
        (v, at, ch, part) => {
          const text = JSON.stringify(v);
          const i = at % (text.length + 1);
          same(text.slice(0, i) + ch + text.slice(i + (at % 2)), part);
        },
      ),
      { numRuns: 3_000 },
    );
    same('{"__proto__": {"a": 1}, "b": [1, 2, {"c": null}], "b": "last"}', 1);
    same(' \n[ 1 , "é\\"x" , { } , [ ] ] \n', 1);
  });

  it('save a plan and read it back whole or streamed, and refuse a file that is not JSON', async () => {
    const plan = bigPlan(5_000);
    const path = join(dir, 'plan.json');
    writePlanFile(path, plan);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    const expected = JSON.parse(JSON.stringify(plan));
    expect(await readPlanFile(path)).toEqual(expected);
    expect(await readPlanFile(path, 0)).toEqual(expected);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "revloops.plan/1", "changes": [1, 2');
    for (const limit of [undefined, 0]) {
      const err = await readPlanFile(bad, limit).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RevloopsError);
      expect((err as RevloopsError).message).toMatch(/bad\.json is not a plan file/);
    }
    await expect(readPlanFile(join(dir, 'missing.json'))).rejects.toThrow(/no plan file .*missing\.json/);
  });

  it('reads a file in chunks of any size into the same bytes', () => {
    const path = join(dir, 'chunks.json');
    const text = `${JSON.stringify(bigPlan(300), null, 2)}\n`;
    writeFileSync(path, text);
    const bytes = readFileSync(path);
    for (const chunk of [1, 7, 4096, bytes.length - 1, bytes.length, bytes.length + 1])
      expect(readWholeFile(path, chunk).equals(bytes), `chunks of ${chunk}`).toBe(true);
    writeFileSync(path, '');
    expect(readWholeFile(path).length).toBe(0);
  });
});
