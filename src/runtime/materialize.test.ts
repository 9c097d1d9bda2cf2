import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eachPage, type JsonObject } from '../kernel/index.js';
import { applyRecordWrites, openStore } from '../store/index.js';
import { canonicalJson, contentHash, streamedContentHash } from '../workspace/index.js';
import { diffRecord, movedRead, ownedChange, type PlanChange, sameJson } from './materialize.js';
import { recordingReader, storeReader } from './recording.js';

/** Values a record field can hold, and what slips past JSON (undefined, NaN, infinities, -0). */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, Number.NaN, Number.POSITIVE_INFINITY, -0, 0, '', 'null', true, 1, '1'),
);

describe('plan diffs and hashes', () => {
  it('sameJson says what comparing canonical JSON says', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });

  it('the streamed content hash is the content hash', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(value, fc.array(value, { maxLength: 4 })), { maxLength: 30 }), (list) => {
        expect(streamedContentHash(list)).toBe(contentHash(list));
        expect(streamedContentHash(['head', list])).toBe(contentHash(['head', list]));
      }),
      { numRuns: 2_000 },
    );
    // Past the size at which the streamed hash hands its text over in parts.
    const long = Array.from({ length: 20_000 }, (_, i) => [`account:a-${i}`, { owner: `u-${i % 7}`, t: i }]);
    expect(streamedContentHash(['base', long])).toBe(contentHash(['base', long]));
  });
});

describe('records a materialized loop owns', () => {
  const mine = { name: 'Enterprise AE', status: 'planned', startDate: '2027-05-01' };
  const change = (current: JsonObject | null, desired: JsonObject | null) =>
    ownedChange('deploy', 'user', 'hire-ent-1', current, desired);
  const laid = change(null, mine)?.after as JsonObject;

  it('a new record carries the loop and the fields it set', () => {
    expect(laid).toEqual({ ...mine, managedBy: 'deploy', managedFields: ['name', 'startDate', 'status'] });
  });

  it('a field another loop wrote is neither compared nor dropped', () => {
    const written = { ...laid, plannedCapacity: { scenario: 'fy27', schedule: [] } };
    expect(change(written, mine)).toBeNull();
    const moved = change(written, { ...mine, startDate: '2027-06-01' });
    expect(moved).toMatchObject({ op: 'update', fields: ['startDate'] });
    expect(moved?.after).toEqual({ ...written, startDate: '2027-06-01' });
  });

  it('a field the loop set and wants no more is removed; others’ fields stay', () => {
    const written = { ...laid, plannedCapacity: 1 };
    const { startDate: _gone, ...less } = mine;
    const dropped = change(written, less);
    expect(dropped?.fields).toEqual(['managedFields', 'startDate']);
    expect(dropped?.after).toEqual({
      ...less,
      plannedCapacity: 1,
      managedBy: 'deploy',
      managedFields: ['name', 'status'],
    });
  });

  it('a record from before the field list was kept loses no field, and gets the list with its next change', () => {
    const legacy = { ...mine, managedBy: 'deploy', plannedCapacity: 1 };
    expect(change(legacy, { name: 'Enterprise AE' })).toBeNull();
    const renamed = change(legacy, { name: 'Enterprise AE 2' });
    expect(renamed?.fields).toEqual(['managedFields', 'name']);
    expect(renamed?.after).toEqual({ ...legacy, name: 'Enterprise AE 2', managedFields: ['name'] });
  });

  it('the loop cannot name its markers as fields of its own; a record it wants no more is deleted', () => {
    expect(change(laid, { ...mine, managedBy: 'other', managedFields: ['x'] })).toBeNull();
    expect(change({ ...laid, plannedCapacity: 1 }, null)).toMatchObject({ op: 'delete', after: null });
  });

  it('the change replays: diffing its before and after again gives it back', () => {
    const written = { ...laid, plannedCapacity: 1 };
    const moved = change(written, { ...mine, status: 'hired' }) as PlanChange;
    expect(diffRecord(moved.kind, moved.id, moved.before, moved.after)).toEqual(moved);
  });
});

describe('a plan read a page at a time, checked again on apply', () => {
  it('names the record removed, changed or added since, page by page', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rl-moved-'));
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'm.db') });
    const at = '2027-01-01T00:00:00.000Z';
    const write = (ops: Parameters<typeof applyRecordWrites>[1]) => applyRecordWrites(store.db, ops, at);
    try {
      await write(
        ['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => ({
          kind: 'account',
          id,
          op: 'upsert',
          values: { n: id },
        })),
      );
      const { reader, reads } = recordingReader(storeReader(store));
      expect(await eachPage(reader, 'account', {}, 2, () => undefined)).toBe(5);
      expect(reads.map((r) => r.key)).toHaveLength(3);
      const moved = () => movedRead(store.db, store.dialect, reads);
      expect(await moved()).toBeNull();
      // Removed from the middle of a page: the next record slides in, but the one gone is named.
      await write([{ kind: 'account', id: 'a2', op: 'delete', values: {} }]);
      expect(await moved()).toBe('account a2 was removed since the plan');
      await write([{ kind: 'account', id: 'a2', op: 'upsert', values: { n: 'a2' } }]);
      expect(await moved()).toBeNull();
      await write([{ kind: 'account', id: 'a4', op: 'patch', values: { n: 'four' } }]);
      expect(await moved()).toBe('account a4 changed since the plan (n)');
      await write([{ kind: 'account', id: 'a4', op: 'patch', values: { n: 'a4' } }]);
      // Added before the others of a page: it pushes one out, and the new one is named.
      await write([{ kind: 'account', id: 'a11', op: 'upsert', values: { n: 'a11' } }]);
      expect(await moved()).toBe('account a11 was added since the plan');
      await write([{ kind: 'account', id: 'a11', op: 'delete', values: {} }]);
      // Added after the last: the last page, shorter than a page, now reads one more.
      await write([{ kind: 'account', id: 'a6', op: 'upsert', values: { n: 'a6' } }]);
      expect(await moved()).toBe('account a6 was added since the plan');
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
