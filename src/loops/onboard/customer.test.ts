import { describe, expect, it } from 'vitest';
import { type RecordReader, recordMatches, type StoredRecord } from '../../kernel/index.js';
import { customerNamed, customerOfAccount } from './customer.js';

const rec = (id: string, accountId?: string): StoredRecord => ({
  id,
  externalId: null,
  values: accountId ? { accountId } : {},
  version: 1,
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A reader over customer records, returning matches in the order given (not sorted by id). */
function reader(customers: StoredRecord[]): RecordReader {
  return {
    get: async (_kind, id) => customers.find((c) => c.id === id) ?? null,
    find: async (_kind, filter) => customers.filter((c) => recordMatches(c.values, filter)),
    count: async (_kind, filter) => customers.filter((c) => recordMatches(c.values, filter)).length,
  };
}

describe('customerOfAccount', () => {
  it('prefers the record whose accountId is the account over the one keyed by the account id', async () => {
    const found = await customerOfAccount(reader([rec('acc-9'), rec('C-2', 'acc-9')]), 'acc-9');
    expect(found).toEqual({ record: rec('C-2', 'acc-9'), via: 'the customer record of account acc-9' });
  });

  it('picks the first by id of several, whatever order the store returns, and says so', async () => {
    const found = await customerOfAccount(
      reader([rec('c-1', 'acc-9'), rec('C-7', 'acc-9'), rec('C-5', 'acc-9')]),
      'acc-9',
    );
    expect(found?.record.id).toBe('C-5');
    expect(found?.via).toBe('the first by id of 3 customer records of account acc-9 (C-5, C-7, c-1)');
  });

  it('falls back to the record keyed by the account id, else none', async () => {
    expect((await customerOfAccount(reader([rec('acc-9')]), 'acc-9'))?.via).toBe(
      'the customer record keyed by account id acc-9',
    );
    expect(await customerOfAccount(reader([rec('C-2', 'acc-1')]), 'acc-9')).toBeNull();
  });
});

describe('customerNamed', () => {
  it('takes the record with the id, else the customer record of the account with that id', async () => {
    const customers = reader([rec('C-2', 'acc-9'), rec('acc-1', 'acc-1')]);
    expect((await customerNamed(customers, 'acc-1'))?.via).toBe('customer acc-1');
    expect(await customerNamed(customers, 'acc-9')).toEqual({
      record: rec('C-2', 'acc-9'),
      via: 'customer C-2, the customer record of account acc-9',
    });
    expect(await customerNamed(customers, 'nobody')).toBeNull();
  });
});
