import { describe, expect, it } from 'vitest';
import { managerOf } from './people.js';
import { type RecordReader, recordMatches, type StoredRecord } from './records.js';

const rec = (id: string, values: StoredRecord['values']): StoredRecord => ({
  id,
  externalId: null,
  values,
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A reader over users and teams, returning matches in the order given (not sorted by id). */
function reader(users: StoredRecord[], teams: StoredRecord[] = []): RecordReader {
  const of = (kind: string) => (kind === 'team' ? teams : users);
  return {
    get: async (kind, id) => of(kind).find((r) => r.id === id) ?? null,
    find: async (kind, filter) => of(kind).filter((r) => recordMatches(r.values, filter)),
    count: async (kind, filter) => of(kind).filter((r) => recordMatches(r.values, filter)).length,
  };
}

describe('managerOf', () => {
  it('takes the user’s managerId, else the team’s, else the first manager of the team by id', async () => {
    const teams = [rec('t-na', { managerId: 'u-max' })];
    const users = [
      rec('u-ana', { teamId: 't-na', managerId: 'u-jon' }),
      rec('u-jon', { role: 'manager' }),
      rec('u-ben', { teamId: 't-na' }),
      rec('u-max', { role: 'manager', teamId: 't-na' }),
      rec('u-cy', { teamId: 't-eu' }),
      rec('u-zoe', { role: 'manager', teamId: 't-eu' }),
      rec('u-lea', { role: 'manager', teamId: 't-eu' }),
    ];
    const r = reader(users, teams);
    expect(await managerOf(r, 'u-ana')).toBe('u-jon');
    expect(await managerOf(r, 'u-ben')).toBe('u-max');
    expect(await managerOf(r, 'u-cy')).toBe('u-lea');
    expect(await managerOf(r, 'u-cy', null)).toBeNull();
    expect(await managerOf(r, 'u-ben', null)).toBe('u-max');
    expect(await managerOf(r, 'u-nobody')).toBeNull();
    expect(await managerOf(r, 'role:rep')).toBeNull();
    expect(await managerOf(r, null)).toBeNull();
  });

  it('passes over a manager who left, at every step, and never names the user themself', async () => {
    const teams = [rec('t-na', { managerId: 'u-old' })];
    const users = [
      rec('u-ana', { teamId: 't-na', managerId: 'u-gone' }),
      rec('u-gone', { role: 'manager', active: false }),
      rec('u-old', { role: 'manager', teamId: 't-na', active: false }),
      rec('u-amy', { role: 'manager', teamId: 't-na', active: false }),
      rec('u-max', { role: 'manager', teamId: 't-na' }),
    ];
    expect(await managerOf(reader(users, teams), 'u-ana')).toBe('u-max');
    expect(await managerOf(reader(users, teams), 'u-max')).toBeNull();
  });
});
