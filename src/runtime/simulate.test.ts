import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Effect, JsonObject, RecordFilter } from '../kernel/index.js';
import { applyRecordWrites, countRecords, findRecords, openStore } from '../store/index.js';
import { SimulatedRecords } from './simulate.js';

const NOW = '2026-11-02T14:00:00.000Z';
const ids = ['l1', 'l2', 'l3', 'l4', 'l5', 'l6'];

/** Field values that test the store's equality: types must agree, null matches missing, paths nest. */
const values: fc.Arbitrary<JsonObject> = fc.record(
  {
    ownerId: fc.constantFrom('u1', 'u2', null),
    pool: fc.constantFrom('na', 'emea'),
    seats: fc.constantFrom(1, 2, '1'),
    hot: fc.boolean(),
    meta: fc.record({ region: fc.constantFrom('NA', 'EMEA') }),
  },
  { requiredKeys: [] },
);

/** A value for every field a filter may name; each query keeps the fields of one of the run's field sets. */
const filterValues = fc.record({
  ownerId: fc.constantFrom('u1', 'u2', null),
  pool: fc.constantFrom('na', 'emea'),
  seats: fc.constantFrom(1, '1'),
  hot: fc.boolean(),
  'meta.region': fc.constantFrom('NA', 'EMEA'),
});
type Field = keyof typeof FIELDS;
const FIELDS = { ownerId: 0, pool: 0, seats: 0, hot: 0, 'meta.region': 0 };
const fieldSets = fc.array(fc.subarray(Object.keys(FIELDS) as Field[]), { minLength: 1, maxLength: 3 });

function pick(all: Record<Field, string | number | boolean | null>, fields: readonly Field[]): RecordFilter {
  return Object.fromEntries(fields.map((f) => [f, all[f]]));
}

const write = fc.record({
  id: fc.constantFrom(...ids),
  op: fc.constantFrom('upsert' as const, 'patch' as const, 'delete' as const),
  values,
});

describe('simulated records', () => {
  it('find and count answer as the store does after the same writes, before and after their indexes exist', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { maxLength: 6 }),
        fieldSets,
        fc.array(fc.tuple(fc.array(write, { maxLength: 4 }), fc.nat(), filterValues), {
          minLength: 1,
          maxLength: 8,
        }),
        async (seed, sets, steps) => {
          const dir = mkdtempSync(join(tmpdir(), 'rl-simrec-'));
          const store = await openStore({ kind: 'sqlite', path: join(dir, 's.db') });
          try {
            await applyRecordWrites(
              store.db,
              seed.map((w) => ({ kind: 'lead', ...w })),
              NOW,
            );
            const simulated = new SimulatedRecords(store);
            for (const [writes, which, all] of steps) {
              const f = pick(all, sets[which % sets.length] ?? []);
              const effects: Effect[] = writes.map((w, i) => ({
                kind: 'record_write',
                id: `e${i}`,
                record: 'lead',
                recordId: w.id,
                op: w.op,
                values: w.values,
              }));
              await simulated.apply(effects, NOW);
              await applyRecordWrites(
                store.db,
                writes.map((w) => ({ kind: 'lead', ...w })),
                NOW,
              );
              const want = await findRecords(store.db, store.dialect, 'lead', f);
              const got = await simulated.find('lead', f);
              expect(got.map((r) => [r.id, r.values])).toEqual(want.map((r) => [r.id, r.values]));
              expect(await simulated.count('lead', f)).toBe(
                await countRecords(store.db, store.dialect, 'lead', f),
              );
            }
          } finally {
            await store.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});
