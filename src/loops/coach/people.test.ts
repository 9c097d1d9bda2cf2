import { describe, expect, it } from 'vitest';
import type { StoredRecord } from '../../kernel/index.js';
import { managerOf, type Team } from './people.js';

const user = (id: string, values: Record<string, unknown>): StoredRecord =>
  ({ id, values: { role: 'ae', teamId: 't1', ...values } }) as unknown as StoredRecord;
const teamOf = (users: StoredRecord[], teams: StoredRecord[] = []): Team => ({
  users: new Map(users.map((u) => [u.id, u])),
  teams: new Map(teams.map((t) => [t.id, t])),
});

describe("a rep's manager", () => {
  it('passes over a manager who left, so the digest, tasks and alerts reach someone', () => {
    const rep = user('u-rep', { managerId: 'u-old' });
    const old = user('u-old', { role: 'manager', active: false });
    const current = user('u-new', { role: 'manager' });
    expect(managerOf(teamOf([rep, old, current]), rep, ['manager'])).toBe('u-new');
    const viaTeam = user('u-rep', {});
    const team = { id: 't1', values: { managerId: 'u-old' } } as unknown as StoredRecord;
    expect(managerOf(teamOf([viaTeam, old, current], [team]), viaTeam, ['manager'])).toBe('u-new');
    expect(managerOf(teamOf([rep, old]), rep, ['manager'])).toBeNull();
  });

  it('keeps a manager named directly, known or not (a manager not imported as a user)', () => {
    const rep = user('u-rep', { managerId: 'u-boss' });
    expect(managerOf(teamOf([rep, user('u-new', { role: 'manager' })]), rep, ['manager'])).toBe('u-boss');
  });
});
