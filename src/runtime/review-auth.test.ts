import { describe, expect, it } from 'vitest';
import { RevloopsError } from '../kernel/index.js';
import { authorize, grantOf } from './review-auth.js';
import { fieldEdits, setField } from './review-edits.js';

const ana = { id: 'u-ana', roles: ['ae'], teams: ['na-commercial'] };
const jon = { id: 'u-jon', roles: ['manager'], teams: ['na-commercial'] };
const root = { id: 'u-root', roles: ['ops'], teams: [] };
const admins = ['admin', 'ops'];

describe('who may act on a review item', () => {
  it('the assignee, a member of its team or role, or an admin', () => {
    expect(grantOf(ana, 'u-ana', admins)).toBe('assignee');
    expect(grantOf(ana, 'user:u-ana', admins)).toBe('assignee');
    expect(grantOf(ana, 'team:na-commercial', admins)).toBe('team');
    expect(grantOf(jon, 'role:manager', admins)).toBe('role');
    expect(grantOf(root, 'u-ana', admins)).toBe('admin');
    expect(grantOf(root, null, admins)).toBe('admin');
    expect(grantOf(ana, 'role:manager', admins)).toBeUndefined();
    expect(grantOf(ana, null, admins)).toBeUndefined();
    expect(grantOf(jon, 'team:emea', [])).toBeUndefined();
  });

  it('refuses anyone else with FORBIDDEN and says who may', () => {
    const err = (() => {
      try {
        authorize(ana, 'role:manager', admins, 'approve review item x');
      } catch (e) {
        return e as RevloopsError;
      }
    })();
    expect(err).toBeInstanceOf(RevloopsError);
    expect(err?.code).toBe('FORBIDDEN');
    expect(err?.message).toBe(
      'u-ana may not approve review item x: it is for role:manager or roles admin, ops; u-ana has roles [ae] and teams [na-commercial]',
    );
  });
});

describe('edits of a proposed action', () => {
  it('sets fields by path and keeps the field-level diff', () => {
    const proposed = { action: 'route', pool: 'na', owners: ['u-ana'], meta: { rule: 'r2' } };
    const edited = setField(
      setField(setField(proposed, 'pool', 'emea'), 'owners.1', 'u-ben'),
      'meta.note',
      'checked',
    );
    expect(proposed.pool).toBe('na');
    expect(fieldEdits(proposed, edited)).toEqual([
      { path: 'meta.note', from: null, to: 'checked' },
      { path: 'owners.1', from: null, to: 'u-ben' },
      { path: 'pool', from: 'na', to: 'emea' },
    ]);
    expect(fieldEdits(proposed, proposed)).toEqual([]);
    expect(() => setField(proposed, '__proto__.x', 1)).toThrow(/cannot edit field/);
    expect(() => setField(proposed, 'pool.x', 1)).toThrow(/pool is not an object/);
  });
});
