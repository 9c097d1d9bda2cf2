import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkDesiredOutput, DesiredRecord, DesiredState, desiredStateOf } from './desired-state.js';

/** What a plan reads of a desired state. */
const essence = (d: DesiredState) =>
  [d.records, d.patches].map((list) => list.map((r) => ({ kind: r.kind, id: r.id, values: r.values })));

/** Values near JSON: JSON itself, and what z.json() refuses (undefined, NaN, infinities, dates, functions). */
const nearJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(undefined, Number.NaN, Number.POSITIVE_INFINITY, -0, new Date(0), () => 1, Symbol('s')),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 3 }), tie('value'), { maxKeys: 3 }),
  ),
}));

/** Mostly well formed, so both answers are exercised: a record, or one with a flaw of some kind. */
const record = fc.oneof(
  {
    arbitrary: fc.record(
      {
        kind: fc.constantFrom('account', 'territory', 'user'),
        id: fc.string({ minLength: 1, maxLength: 4 }),
        values: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
        extra: fc.string(),
      },
      { requiredKeys: ['kind', 'id', 'values'] },
    ),
    weight: 12,
  },
  {
    arbitrary: fc.record(
      {
        kind: fc.constantFrom('account', 'territory', 'nope', 3),
        id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
        values: fc.oneof(
          fc.dictionary(fc.string({ maxLength: 4 }), nearJson.value, { maxKeys: 4 }),
          nearJson.value,
        ),
      },
      { requiredKeys: ['kind', 'id'] },
    ),
    weight: 1,
  },
);

const state = fc.record(
  {
    records: fc.oneof(
      { arbitrary: fc.array(record, { maxLength: 3 }), weight: 9 },
      { arbitrary: nearJson.value, weight: 1 },
    ),
    patches: fc.oneof(
      { arbitrary: fc.array(record, { maxLength: 3 }), weight: 9 },
      { arbitrary: nearJson.value, weight: 1 },
    ),
    pending: fc.jsonValue(),
  },
  { requiredKeys: ['records'] },
);

describe('desiredStateOf', () => {
  it('accepts exactly what DesiredState.parse accepts, with the same records and patches', () => {
    let ok = 0;
    fc.assert(
      fc.property(fc.oneof(state, nearJson.value), (output) => {
        const parsed = DesiredState.safeParse(output);
        if (!parsed.success) {
          expect(() => desiredStateOf(output)).toThrow();
          return;
        }
        ok++;
        expect(essence(desiredStateOf(output))).toEqual(essence(parsed.data));
      }),
      { numRuns: 5_000 },
    );
    // Both answers are exercised, whatever the seed.
    expect(ok).toBeGreaterThan(1_000);
    expect(ok).toBeLessThan(4_500);
  });

  it('takes a well-formed output as it is, without copying its records', () => {
    const records = [{ kind: 'territory' as const, id: 't1', values: { name: 'West', quota: 1.5 } }];
    const output = { records, pending: [] };
    const d = desiredStateOf(output);
    expect(d.records).toBe(records);
    expect(d.patches).toEqual([]);
    expect(() => desiredStateOf({ records: [{ kind: 'territory', id: '', values: {} }] })).toThrow(/records/);
  });

  it('treats a `__proto__` key of its own as the schema does, however deep', () => {
    // Found by the property above: JSON.parse makes `__proto__` an ordinary key of its own.
    const output = JSON.parse('{"records":[{"kind":"account","id":" ","values":{"":{"__proto__":false}}}]}');
    expect(essence(desiredStateOf(output))).toEqual(essence(DesiredState.parse(output)));
    expect(JSON.stringify(desiredStateOf(output).records)).not.toContain('__proto__');
  });
});

describe('checkDesiredOutput', () => {
  /** A materialized loop's contract: the desired state and a list of its own, with a default. */
  const Output = DesiredState.extend({ pending: z.array(z.string()).default([]) });
  /** What a check gives: the parsed output, or the paths of its issues. */
  const outcome = (run: () => z.infer<typeof Output>) => {
    try {
      return { ok: true as const, data: run() };
    } catch (err) {
      return { ok: false as const, paths: (err as z.ZodError).issues.map((i) => i.path.join('.')) };
    }
  };

  it('gives what the contract gives, for any output, well formed or not', () => {
    fc.assert(
      fc.property(state, (output) => {
        const fast = outcome(() => checkDesiredOutput(output, Output, (v) => Output.parse(v)));
        const slow = outcome(() => Output.parse(output));
        expect(fast.ok).toBe(slow.ok);
        if (fast.ok && slow.ok) {
          expect(essence(fast.data)).toEqual(essence(slow.data));
          expect(fast.data.pending).toEqual(slow.data.pending);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps plainly desired lists as they are and checks the rest by the contract', () => {
    const patches = Array.from({ length: 3 }, (_, i) => ({
      kind: 'account' as const,
      id: `a${i}`,
      values: { ownerId: `u${i}` },
    }));
    const checked = checkDesiredOutput({ records: [], patches }, Output, (v) => Output.parse(v));
    expect(checked.patches).toBe(patches);
    expect(checked.pending).toEqual([]);
    expect(() =>
      checkDesiredOutput({ records: [], patches, pending: [3] }, Output, (v) => Output.parse(v)),
    ).toThrow(/pending/);
    // A record with a key of more is not taken as it is: the contract strips it.
    const extra = [{ kind: 'account' as const, id: 'a', values: {}, note: 'x' }];
    expect(checkDesiredOutput({ records: extra }, Output, (v) => Output.parse(v)).records).toEqual([
      { kind: 'account', id: 'a', values: {} },
    ]);
  });

  it('checks a list whole when the contract asks more of its records than the kernel does', () => {
    const records = [
      { kind: 'territory' as const, id: 't1', values: { name: 'West' } },
      { kind: 'territory' as const, id: 't2', values: {} },
    ];
    // A plug-in's own record schema: every territory needs a name, and at most one of them.
    const Strict = z.object({
      records: z.array(DesiredRecord.extend({ values: z.object({ name: z.string() }) })).max(1),
    });
    expect(() => checkDesiredOutput({ records }, Strict, (v) => Strict.parse(v))).toThrow();
    // A list with a hole is not plainly desired records: the contract sees it whole and refuses it.
    const holed: unknown[] = [];
    holed[0] = records[0];
    holed[2] = records[0];
    expect(() => checkDesiredOutput({ records: holed }, Output, (v) => Output.parse(v))).toThrow();
    // A union whose options take the kernel's lists keeps the quick check, and its lists as they are.
    const Either = z.union([Output, z.object({ kind: z.literal('drift') })]);
    const big = Array.from({ length: 3 }, (_, i) => ({ kind: 'account' as const, id: `a${i}`, values: {} }));
    const checked = checkDesiredOutput({ records: big }, Either, (v) => Either.parse(v)) as {
      records: unknown;
    };
    expect(checked.records).toBe(big);
  });
});
